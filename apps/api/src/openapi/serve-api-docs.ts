import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { buildOpenApiDocument, DOCS_JSON_PATH, DOCS_PATH } from './openapi-document';

/**
 * What the viewer's page loads (relative to /api/docs, and to /api/docs/docs/ when the page is
 * opened without a trailing slash). @nestjs/swagger serves the whole swagger-ui-dist folder next
 * to them: its package.json, source maps, a stock petstore page and initializer. None of that
 * is ours to publish, and the 2 MB maps would be compressed for any anonymous caller: only these
 * pass.
 */
const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui-init.js', 'favicon-32x32.png', 'favicon-16x16.png'];
const ALLOWED = new Set(['/', '/index.html', '/openapi.json', ...ASSETS.flatMap((a) => [`/${a}`, `/docs/${a}`])]);

/**
 * The OpenAPI document at /api/docs/openapi.json and Swagger UI at /api/docs: public like the
 * source code they describe, built on the first request from the routes Nest registered.
 */
export function serveApiDocs(app: NestExpressApplication): void {
  app.use(`/${DOCS_PATH}`, (req: Request, res: Response, next: NextFunction) => {
    if (ALLOWED.has(req.path) || req.originalUrl.split('?')[0] === `/${DOCS_PATH}`) return next();
    res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'not found' });
  });
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'actionday API',
    // Swagger UI's own check would send the document to validator.swagger.io: never from here.
    swaggerOptions: { validatorUrl: 'none' },
  });
}
