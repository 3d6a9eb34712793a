import {
  DEFAULT_SUPPRESS_BELOW,
  PUBLICATION_FIGURES,
  type CreatePublicationRequest,
  type PublicationFigureName,
  type Tallies,
} from '@actionday/contracts';
import { figureValue } from '@actionday/tallies';

/**
 * Pre-checked: the headline figures of the EMPACT releases. The referred platforms, the minors
 * and the two breakdowns are left to a deliberate choice: they are the figures most likely to be
 * small, and a breakdown splits a count into smaller ones.
 */
export const DEFAULT_FIGURES: readonly PublicationFigureName[] = [
  'participants.experts',
  'participants.countries',
  'examined.platforms',
  'examined.usernames',
  'examined.communications',
  'platforms.suspected',
  'platforms.confirmed',
  'suspects',
  'possibleVictims.total',
];

export interface PublishFormState {
  title: string;
  /** Blank: the API makes one from the title and the date. */
  slug: string;
  /** In PUBLICATION_FIGURES order. */
  figures: PublicationFigureName[];
  /** Published exactly even below the threshold; always a subset of `figures`. */
  exact: PublicationFigureName[];
  /** As typed: validated on submit, the preview uses the default meanwhile. */
  suppressBelow: string;
  /** The organizer's own text; null while it is the draft, which then follows the figures. */
  text: string | null;
}

export function initialPublishForm(title = ''): PublishFormState {
  return {
    title,
    slug: '',
    figures: PUBLICATION_FIGURES.filter((f) => DEFAULT_FIGURES.includes(f)),
    exact: [],
    suppressBelow: String(DEFAULT_SUPPRESS_BELOW),
    text: null,
  };
}

function inOrder(names: Iterable<PublicationFigureName>): PublicationFigureName[] {
  const set = new Set(names);
  return PUBLICATION_FIGURES.filter((f) => set.has(f));
}

/** Checks or unchecks a figure; a figure no longer published is no longer exact either. */
export function toggleFigure(state: PublishFormState, name: PublicationFigureName, on: boolean): PublishFormState {
  const figures = on ? inOrder([...state.figures, name]) : state.figures.filter((f) => f !== name);
  return { ...state, figures, exact: state.exact.filter((f) => figures.includes(f)) };
}

/** Exact only for a published figure. */
export function toggleExact(state: PublishFormState, name: PublicationFigureName, on: boolean): PublishFormState {
  if (on && !state.figures.includes(name)) return state;
  return { ...state, exact: on ? inOrder([...state.exact, name]) : state.exact.filter((f) => f !== name) };
}

/** The threshold as a whole number of at least 1, or null for anything else (blank, 2.5, 0). */
export function parseThreshold(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 1000 ? n : null;
}

/** What the preview publishes: the form's choice, with the default threshold while it is invalid. */
export function previewOptions(state: PublishFormState): { figures: PublicationFigureName[]; exact: PublicationFigureName[]; suppressBelow: number } {
  return { figures: state.figures, exact: state.exact, suppressBelow: parseThreshold(state.suppressBelow) ?? DEFAULT_SUPPRESS_BELOW };
}

/** The text shown in the editor: the organizer's own, else the current draft. */
export function shownText(state: PublishFormState, draft: string): string {
  return state.text ?? draft;
}

/**
 * The text after an edit: typing the draft back (or emptying a draft-equal field and retyping it)
 * counts as not edited, so that the draft follows the figures again.
 */
export function editedText(value: string, draft: string): string | null {
  return value === draft ? null : value;
}

export function isTextEdited(state: PublishFormState): boolean {
  return state.text !== null;
}

/**
 * Exact figures whose value is small enough to identify someone: published exactly although
 * they are below the threshold (zero identifies nobody). For the warning next to the toggles.
 */
export function exposedFigures(tallies: Tallies, state: PublishFormState): PublicationFigureName[] {
  const threshold = previewOptions(state).suppressBelow;
  return state.exact.filter((name) => {
    const v = figureValue(tallies, name);
    const counts = typeof v === 'number' ? [v] : Object.values(v);
    return counts.some((n) => n > 0 && n < threshold);
  });
}

/**
 * The request body as the form stands, before validation (the shared schema validates it, then
 * the API again). The text is always sent: what the preview shows is what gets published.
 */
export function toPublicationRequest(state: PublishFormState, draft: string): CreatePublicationRequest {
  const threshold = state.suppressBelow.trim();
  const slug = state.slug.trim();
  const text = shownText(state, draft).trim();
  return {
    title: state.title.trim(),
    text: text || undefined,
    slug: slug || undefined,
    figures: state.figures,
    exact: state.exact,
    // Garbage stays NaN for the schema to reject with its message next to the field.
    suppressBelow: threshold === '' ? Number.NaN : Number(threshold),
  };
}
