import { useRef, useState } from 'react';
import { Button } from '../../../shared/ui';
import { formatDateTimeFull } from '../../../shared/format';

/** Copies to the clipboard; where it is unavailable (plain http), selects the text for Ctrl+C. */
async function copyText(text: string, element: HTMLElement | null): Promise<string> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch {
    const selection = window.getSelection();
    if (!element || !selection) return 'Select the hash and copy it';
    const range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
    return 'Selected: press Ctrl+C (⌘C) to copy';
  }
}

/**
 * The figures are final: when they froze (in the operation's time zone) and the SHA-256 of the
 * stored snapshot, which anyone can quote to show that a figure comes from it.
 */
export function FrozenBanner({ closedAt, sha256, timeZone }: { closedAt: string | null; sha256: string | null; timeZone: string }) {
  const hashRef = useRef<HTMLElement>(null);
  const [copyStatus, setCopyStatus] = useState('');
  return (
    <section className="frozen-banner" aria-labelledby="frozen-title" data-testid="frozen-banner">
      <h2 id="frozen-title">
        Frozen at {closedAt ? formatDateTimeFull(closedAt, timeZone) : 'close'} <span className="muted small">({timeZone})</span>
      </h2>
      <p>The day is closed: these are its final figures, kept as an immutable snapshot.</p>
      {sha256 ? (
        <div className="snapshot-hash">
          <span id="snapshot-hash-label">Snapshot SHA-256</span>
          <code ref={hashRef} aria-labelledby="snapshot-hash-label" data-testid="snapshot-sha256" tabIndex={0}>
            {sha256}
          </code>
          <Button size="small" onClick={() => void copyText(sha256, hashRef.current).then(setCopyStatus)}>
            Copy
          </Button>
          <span role="status" className="muted small">
            {copyStatus}
          </span>
        </div>
      ) : null}
    </section>
  );
}
