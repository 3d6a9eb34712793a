import { createHash } from 'node:crypto';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiParam, ApiProduces } from '@nestjs/swagger';
import { publicationSchema, slugSchema, type Publication } from '@actionday/contracts';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { notFound } from '../common/errors';
import { Returns } from '../openapi/api-doc.decorators';
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
 * The PDFs of the publications asked for lately, by the SHA-256 of the publication they show: a
 * PDF takes a tenth of a second of the event loop to lay out, and this route answers anyone.
 * Keyed by content, an entry can never show anything but the publication it was made from.
 */
class PdfCache {
  private readonly entries = new Map<string, Promise<Buffer>>();
  constructor(private readonly size: number) {}

  get(body: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const key = createHash('sha256').update(body).digest('hex');
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    made.catch(() => this.entries.delete(key));
    this.entries.set(key, made);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return made;
  }
}

/**
 * The only routes without login. They read publications by slug and nothing else, and answer
 * the same 404 for a slug never published and for anything malformed: whether an operation
 * exists, or is closed, cannot be learned here.
 */
@Controller('public/publications')
export class PublicPublicationsController {
  private readonly pdfs = new PdfCache(64);

  constructor(private readonly publications: PublicationsService) {}

  @Public()
  @Get(':file')
  @ApiParam({ name: 'file', description: 'The slug, optionally with `.json` (the default), `.csv` or `.pdf`.', example: 'eu-action-day-2026' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @Returns(publicationSchema, 200, 'The published figures; as CSV or PDF by the extension.')
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
    else res.type('application/pdf').send(await this.pdfs.get(body, () => publicationPdf(publication)));
  }
}
