import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Next, Req, Res, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { healthSchema, type Health } from '@actionday/contracts';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { Returns } from '../openapi/api-doc.decorators';
import { APP_CONFIG, type AppConfig } from '../config/config';

let metricsStarted = false;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

@Controller()
export class HealthController {
  /** SHA-256 of METRICS_TOKEN: compared in constant time, whatever the length of what is sent. */
  private readonly metricsTokenDigest: Buffer | null;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (!metricsStarted) {
      collectDefaultMetrics({ prefix: 'actionday_' });
      metricsStarted = true;
    }
    this.metricsTokenDigest = config.metricsToken ? digest(config.metricsToken) : null;
  }

  /** 200 while the database answers; 503, saying that it is down, while it does not (a restart, a network cut). */
  @Public()
  @Get('api/health')
  @Returns(healthSchema, 200, 'The API and its database answer.')
  async health(): Promise<Health> {
    try {
      await this.ds.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'the database is down or unreachable', status: 'degraded', database: 'down' });
    }
    return { status: 'ok', database: 'ok' };
  }

  /**
   * Prometheus metrics, for the scraper only: they show, among other things, how many officers
   * are connected, i.e. that an action day is running. With METRICS_TOKEN set the scraper sends
   * `Authorization: Bearer <token>`; without it the path does not exist.
   */
  @Public()
  @Get('metrics')
  @ApiExcludeEndpoint()
  async metrics(@Req() req: Request, @Res() res: Response, @Next() next: NextFunction): Promise<void> {
    // On to whatever comes next, i.e. the same 404 as any unknown path.
    if (!this.metricsTokenDigest) return next();
    const header = req.headers.authorization ?? '';
    const sent = /^Bearer \S+$/i.test(header) ? header.slice(7) : null;
    if (sent === null || !timingSafeEqual(digest(sent), this.metricsTokenDigest)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
    }
    const body = await register.metrics();
    res.status(200).setHeader('Content-Type', register.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
