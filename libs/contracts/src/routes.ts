/** REST paths of API v1, shared so that the web, the tests and the benchmarks never spell them twice. */
export const API_PREFIX = '/api/v1';

export const apiPaths = {
  /** The OpenAPI document of this API, and Swagger UI showing it (no login). */
  openApiDocument: '/api/docs/openapi.json',
  apiDocs: '/api/docs',
  login: `${API_PREFIX}/auth/login`,
  refresh: `${API_PREFIX}/auth/refresh`,
  logout: `${API_PREFIX}/auth/logout`,
  me: `${API_PREFIX}/me`,
  users: `${API_PREFIX}/users`,
  user: (userId: string) => `${API_PREFIX}/users/${userId}`,
  operations: `${API_PREFIX}/operations`,
  operation: (id: string) => `${API_PREFIX}/operations/${id}`,
  transitions: (id: string) => `${API_PREFIX}/operations/${id}/transitions`,
  members: (id: string) => `${API_PREFIX}/operations/${id}/members`,
  member: (id: string, userId: string) => `${API_PREFIX}/operations/${id}/members/${userId}`,
  teams: (id: string) => `${API_PREFIX}/operations/${id}/teams`,
  /** Operation-scoped API keys for automated tools (coordinators). */
  apiKeys: (id: string) => `${API_PREFIX}/operations/${id}/api-keys`,
  apiKey: (id: string, keyId: string) => `${API_PREFIX}/operations/${id}/api-keys/${keyId}`,
  targets: (id: string) => `${API_PREFIX}/operations/${id}/targets`,
  snowball: (id: string) => `${API_PREFIX}/operations/${id}/targets/from-identifier`,
  targetsImport: (id: string) => `${API_PREFIX}/operations/${id}/targets/import`,
  targetsExport: (id: string) => `${API_PREFIX}/operations/${id}/targets/export.csv`,
  assignments: (id: string) => `${API_PREFIX}/operations/${id}/assignments`,
  autoAssign: (id: string) => `${API_PREFIX}/operations/${id}/assignments/auto`,
  target: (targetId: string) => `${API_PREFIX}/targets/${targetId}`,
  findings: (id: string) => `${API_PREFIX}/operations/${id}/findings`,
  /** Up to 1,000 findings at once, each with its own result (for tools). */
  findingsBatch: (id: string) => `${API_PREFIX}/operations/${id}/findings/batch`,
  finding: (findingId: string) => `${API_PREFIX}/findings/${findingId}`,
  events: (id: string) => `${API_PREFIX}/operations/${id}/events`,
  tallies: (id: string) => `${API_PREFIX}/operations/${id}/tallies`,
  indicators: (id: string) => `${API_PREFIX}/operations/${id}/indicators`,
  matches: (id: string) => `${API_PREFIX}/operations/${id}/matches`,
  publications: (id: string) => `${API_PREFIX}/operations/${id}/publications`,
  /** Public, no login: `format` picks JSON (the default), CSV or PDF. */
  publicPublication: (slug: string, format?: 'json' | 'csv' | 'pdf') =>
    `${API_PREFIX}/public/publications/${encodeURIComponent(slug)}${format ? `.${format}` : ''}`,
  /** The web page of a publication. */
  publicationPage: (slug: string) => `/p/${encodeURIComponent(slug)}`,
  audit: (id: string) => `${API_PREFIX}/operations/${id}/audit.jsonl`,
  auditVerify: (id: string) => `${API_PREFIX}/operations/${id}/audit/verify`,
  /** Members' exports, filtered by the caller's role like the lists. */
  findingsExportFile: (id: string, format: 'csv' | 'json') => `${API_PREFIX}/operations/${id}/exports/findings.${format}`,
  targetsExportFile: (id: string, format: 'csv' | 'json') => `${API_PREFIX}/operations/${id}/exports/targets.${format}`,
  report: (id: string) => `${API_PREFIX}/operations/${id}/exports/report.pdf`,
  /** The operation's findings, targets and matches as one MISP event (MISP core format), filtered like the lists. */
  mispExport: (id: string) => `${API_PREFIX}/operations/${id}/exports/misp.json`,
  /** The same as a STIX 2.1 bundle. */
  stixExport: (id: string) => `${API_PREFIX}/operations/${id}/exports/stix.json`,
} as const;

/** Name of the httpOnly cookie holding the refresh token; scoped to the auth routes. */
export const REFRESH_COOKIE = 'actionday_refresh';
export const REFRESH_COOKIE_PATH = `${API_PREFIX}/auth`;
