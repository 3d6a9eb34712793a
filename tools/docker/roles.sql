-- The database roles of the compose deployment, run by its db-roles service at every start (safe
-- to run again): the NOLOGIN group actionday_runtime, which the migrations grant what the API may
-- do, and the app's login actionday_app, a member of it and nothing else. The owner of the schema
-- is POSTGRES_USER (actionday), used by the migrate service only.
--
--   psql -v ON_ERROR_STOP=1 -v app_password="$APP_DB_PASSWORD" -f tools/docker/roles.sql
--
-- The same statements set up any other PostgreSQL (see README, "Database roles").
\set ON_ERROR_STOP on
SELECT 'CREATE ROLE actionday_runtime NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'actionday_runtime') \gexec
SELECT 'CREATE ROLE actionday_app LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'actionday_app') \gexec
SELECT format('ALTER ROLE actionday_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'app_password') \gexec
GRANT actionday_runtime TO actionday_app;
