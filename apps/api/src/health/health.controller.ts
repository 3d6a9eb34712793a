import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

let metricsStarted = false;

@Controller()
export class HealthController {
  constructor(private readonly ds: DataSource) {
    if (!metricsStarted) {
      collectDefaultMetrics({ prefix: 'actionday_' });
      metricsStarted = true;
    }
  }

  @Public()
  @Get('api/health')
  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    try {
      await this.ds.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'database unreachable' });
    }
    return { status: 'ok', database: 'ok' };
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
