import type { Finding, PlatformCategory } from '@actionday/contracts';
import { CATEGORY_LABELS } from '../../shared/labels';

function str(v: unknown): string | null {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** One readable line of a finding's type fields; "details restricted" when the server withheld them. */
export function summarizeFinding(f: Pick<Finding, 'type' | 'details' | 'redacted'>): string {
  if (f.redacted) return 'details restricted';
  const d = f.details ?? {};
  const parts: string[] = [];
  const push = (label: string | null, v: unknown) => {
    const s = str(v);
    if (s) parts.push(label ? `${label} ${s}` : s);
  };
  switch (f.type) {
    case 'possible_victim': {
      push(null, d.alias);
      push(null, d.nationality);
      const min = str(d.ageMin);
      const max = str(d.ageMax);
      if (min || max) parts.push(min && max ? `age ${min}–${max}` : min ? `age ≥${min}` : `age ≤${max}`);
      if (d.minor === true) parts.push('minor');
      break;
    }
    case 'suspect':
      push(null, d.alias);
      push(null, d.nationality);
      push(null, d.role);
      break;
    case 'site_assessment': {
      push(null, d.siteName);
      push(null, d.url);
      const cat = str(d.category);
      if (cat) parts.push(CATEGORY_LABELS[cat as PlatformCategory] ?? cat);
      push('ads:', d.adCount);
      push(null, d.geographicScope);
      break;
    }
    case 'link':
      push(null, d.reason);
      break;
  }
  return parts.join(' · ') || '—';
}
