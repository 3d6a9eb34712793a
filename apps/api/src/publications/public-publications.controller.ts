import { Controller, Get, Param, Res } from '@nestjs/common';
import { slugSchema, type Publication } from '@actionday/contracts';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { notFound } from '../common/errors';
import { publicationCsv } from './publication-csv';
import { publicationPdf } from './publication-pdf';
import { PublicationsService } from './publications.service';

const FORMATS = ['json', 'csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/** "<slug>", "<slug>.json", "<slug>.csv" or "<slug>.pdf"; anything else is simply not found. */
function parseFile(file: string): { slug: string; format: Format } | null {
  const dot = file.lastIndexOf('.');
  const slug = dot < 0 ? file : file.slice(0, dot);
  const format = dot < 0 ? 'json' : file.slice(dot + 1);
  if (!slugSchema.safeParse(slug).success || !(FORMATS as readonly string[]).includes(format)) return null;
  return { slug, format: format as Format };
}

/**
 * The only routes without login. They read publications by slug and nothing else, and answer
 * the same 404 for a slug never published and for anything malformed: whether an operation
 * exists, or is closed, cannot be learned here.
 */
@Controller('public/publications')
export class PublicPublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Public()
  @Get(':file')
  async get(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const parsed = parseFile(file);
    const body = parsed ? await this.publications.publicBody(parsed.slug) : null;
    if (!parsed || !body) throw notFound('publication');
    // Immutable once published: caches may keep it.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (parsed.format === 'json') {
      res.type('application/json; charset=utf-8').send(body);
      return;
    }
    const publication = JSON.parse(body) as Publication;
    res.setHeader('Content-Disposition', `attachment; filename="${publication.slug}.${parsed.format}"`);
    if (parsed.format === 'csv') res.type('text/csv; charset=utf-8').send(publicationCsv(publication));
    else res.type('application/pdf').send(await publicationPdf(publication));
  }
}
