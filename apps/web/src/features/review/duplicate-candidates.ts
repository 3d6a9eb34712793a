import type { Finding } from '@actionday/contracts';
import { FINDING_TYPE_LABELS, IDENTIFIER_KIND_LABELS } from '../../shared/labels';

export interface CandidateLookups {
  targetValue: (targetId: string | null) => string | null;
  teamName: (teamId: string | null) => string | null;
  /** One line of the finding's type fields (summarizeFinding). */
  summary: (f: Finding) => string;
}

export interface DuplicateCandidate {
  finding: Finding;
  /** Why it is offered first: "same phone +31612345678", "same target", "same type"… */
  reasons: string[];
  score: number;
}

/** The words a coordinator may type to find a finding: type, team, target, identifiers, details, notes, id. */
export function candidateText(f: Finding, l: CandidateLookups): string {
  return [
    FINDING_TYPE_LABELS[f.type],
    l.teamName(f.teamId),
    l.targetValue(f.targetId),
    l.summary(f),
    ...f.identifiers.flatMap((i) => [i.value, i.normalized]),
    f.notes,
    f.id,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/**
 * The other findings of the operation that `subject` may duplicate, likeliest first: one that
 * shares an identifier, then one on the same target, of the same type, of the same team; a
 * finding already rejected or itself a duplicate comes later, and among equals the older one
 * (the likelier original) first. Every word of `query` must appear in the finding's text. Never
 * offers the subject itself nor a finding already marked as a duplicate of it (the server
 * refuses both).
 */
export function rankDuplicateCandidates(
  subject: Finding,
  findings: readonly Finding[],
  query: string,
  lookups: CandidateLookups,
  limit = 8,
): { items: DuplicateCandidate[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const keys = new Map(subject.identifiers.map((i) => [`${i.kind}:${i.normalized}`, i]));
  const ranked: DuplicateCandidate[] = [];
  for (const f of findings) {
    // The same person (or site) logged twice is the same type twice: the API refuses other pairs.
    if (f.id === subject.id || f.duplicateOf === subject.id || f.type !== subject.type) continue;
    if (words.length) {
      const text = candidateText(f, lookups);
      if (!words.every((w) => text.includes(w))) continue;
    }
    const reasons: string[] = [];
    let score = 0;
    const shared = new Set<string>();
    for (const i of f.identifiers) {
      const key = `${i.kind}:${i.normalized}`;
      if (keys.has(key) && !shared.has(key)) {
        shared.add(key);
        reasons.push(`same ${IDENTIFIER_KIND_LABELS[i.kind].toLowerCase()} ${i.normalized}`);
        score += 100;
      }
    }
    if (subject.targetId && f.targetId === subject.targetId) {
      reasons.push('same target');
      score += 50;
    }
    if (f.type === subject.type) {
      reasons.push('same type');
      score += 40;
    }
    if (subject.teamId && f.teamId === subject.teamId) {
      reasons.push('same team');
      score += 5;
    }
    if (f.status === 'duplicate') score -= 30;
    else if (f.status === 'rejected') score -= 15;
    ranked.push({ finding: f, reasons, score });
  }
  ranked.sort((a, b) => b.score - a.score || a.finding.createdAt.localeCompare(b.finding.createdAt) || a.finding.id.localeCompare(b.finding.id));
  return { items: ranked.slice(0, limit), total: ranked.length };
}
