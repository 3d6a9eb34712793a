import type { Finding, PlatformCategory } from '@actionday/contracts';
import { CATEGORY_LABELS } from '../../shared/labels';
import { shortId } from '../../shared/format';

export interface DetailRow {
  label: string;
  value: string;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function str(v: unknown): string | null {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function strList(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const items = v.map(str).filter((s): s is string => s !== null);
  return items.length ? items.join(', ') : null;
}

/**
 * Every type field of a finding as label/value rows, in the order of the form; blanks left out.
 * `targetLabel` names a linked target (else its short id is shown).
 */
export function findingDetailRows(
  f: Pick<Finding, 'type' | 'details' | 'redacted'>,
  targetLabel: (id: string) => string | undefined = () => undefined,
): DetailRow[] {
  if (f.redacted) return [];
  const d = f.details ?? {};
  const rows: DetailRow[] = [];
  const push = (label: string, value: string | null) => {
    if (value) rows.push({ label, value });
  };
  const word = (v: unknown) => {
    const s = str(v);
    return s ? capitalize(s.replace(/_/g, ' ')) : null;
  };
  switch (f.type) {
    case 'site_assessment': {
      push('Site name', str(d.siteName));
      push('URL', str(d.url));
      const cat = str(d.category);
      push('Category', cat ? (CATEGORY_LABELS[cat as PlatformCategory] ?? cat) : null);
      push('Number of ads', str(d.adCount));
      push('Recent activity', word(d.recentActivity));
      push('Services', str(d.services));
      push('Price range', str(d.priceRange));
      push('Geographic scope', word(d.geographicScope));
      push('Advertised origin', word(d.advertisedOrigin));
      push('Countries of origin', strList(d.advertisedOrigins));
      push('Language', str(d.language));
      push('Ad space', word(d.adSpace));
      push('Company affiliation', str(d.companyAffiliation));
      push('Particular lingo', str(d.lingo));
      push('Mirror sites', strList(d.mirrors));
      break;
    }
    case 'suspect':
      push('Alias', str(d.alias));
      push('Nationality', str(d.nationality));
      push('Role', word(d.role));
      break;
    case 'possible_victim': {
      push('Alias', str(d.alias));
      push('Nationality', str(d.nationality));
      const min = str(d.ageMin);
      const max = str(d.ageMax);
      push('Estimated age', min && max ? `${min}–${max}` : min ? `${min} or more` : max ? `up to ${max}` : null);
      if (d.minor === true) push('Minor', 'yes');
      break;
    }
    case 'link': {
      const from = str(d.fromFindingId);
      const toF = str(d.toFindingId);
      const toT = str(d.toTargetId);
      push('From finding', from ? shortId(from) : null);
      push('To finding', toF ? shortId(toF) : null);
      push('To target', toT ? (targetLabel(toT) ?? shortId(toT)) : null);
      push('Reason', str(d.reason));
      break;
    }
  }
  return rows;
}
