import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Indicator } from '@actionday/contracts';
import { Button } from '../../../shared/ui';
import { labelOf, moveHighlight, SHORTCUT_COUNT, toggleCode } from '../indicator-filter';

export interface IndicatorPickerProps {
  catalogue: readonly Indicator[];
  /** The catalogue filtered by `query` (the form needs it too, for Alt+1 … Alt+9). */
  visible: readonly Indicator[];
  query: string;
  onQueryChange: (query: string) => void;
  selected: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
  /** The builtin list is shown because the operation's catalogue could not be loaded. */
  fallback?: boolean;
}

/**
 * A filterable checklist: type to filter, ↑/↓ to move the highlight, Enter to toggle it (the
 * filter then clears for the next one); Space or Enter on a checkbox toggles it; Alt+1 … Alt+9
 * (handled by the form, from anywhere in it) toggle the numbered rows. Selected indicators are
 * listed above as chips that can be removed.
 */
export function IndicatorPicker({ catalogue, visible, query, onQueryChange, selected, onChange, error, fallback }: IndicatorPickerProps) {
  const id = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const [highlight, setHighlight] = useState(0);
  const [filterFocused, setFilterFocused] = useState(false);
  const active = highlight >= 0 && highlight < visible.length ? visible[highlight] : undefined;
  const toggle = (code: string) => onChange(toggleCode(selected, code));

  const onFilterKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setHighlight((h) => moveHighlight(h, e.key === 'ArrowDown' ? 1 : -1, visible.length));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (active) {
        toggle(active.code);
        onQueryChange('');
        setHighlight(0);
      }
    }
  };

  const checkboxes = () => [...(listRef.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])];
  const onOptionKeyDown = (e: KeyboardEvent<HTMLInputElement>, index: number, code: string) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Enter toggles here (Space does natively) instead of submitting the whole finding.
      e.preventDefault();
      toggle(code);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (e.key === 'ArrowUp' && index === 0) {
        filterRef.current?.focus();
        return;
      }
      checkboxes()[moveHighlight(index, e.key === 'ArrowDown' ? 1 : -1, visible.length)]?.focus();
    }
  };

  const hintId = `${id}-hint`;
  return (
    <fieldset className="indicator-picker" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        Indicators{' '}
        {selected.length > 0 ? (
          <span className="count">
            {selected.length}
            <span className="sr-only"> selected</span>
          </span>
        ) : null}
      </legend>
      {selected.length > 0 ? (
        <ul className="chips" aria-label="Selected indicators">
          {selected.map((code) => {
            const label = labelOf(catalogue, code);
            return (
              <li key={code} className="chip">
                <span>{label}</span>
                <Button size="small" variant="link" className="chip-remove" onClick={() => toggle(code)}>
                  {/* Named by its text, not aria-label: getByLabel(<indicator>) must find the checkbox only. */}
                  <span aria-hidden="true">×</span>
                  <span className="sr-only">Remove indicator {label}</span>
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-filter`}>Filter indicators</label>
        <input
          ref={filterRef}
          id={`${id}-filter`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={query}
          aria-describedby={hintId}
          aria-controls={`${id}-list`}
          onChange={(e) => {
            onQueryChange(e.target.value);
            setHighlight(0);
          }}
          onKeyDown={onFilterKeyDown}
          onFocus={() => setFilterFocused(true)}
          onBlur={() => setFilterFocused(false)}
        />
        <span id={hintId} className="field-hint" aria-live="polite">
          {filterFocused && active
            ? `Enter ${selected.includes(active.code) ? 'removes' : 'adds'} “${active.label}” · ↑↓ move · Alt+1 to Alt+9 toggle the numbered ones`
            : 'Type to filter, then ↑↓ and Enter to toggle; Space toggles a focused box; Alt+1 to Alt+9 toggle the numbered ones'}
        </span>
      </div>
      {fallback ? <p className="muted small">Showing the standard indicators: the operation's catalogue could not be loaded.</p> : null}
      {visible.length === 0 ? (
        <p className="muted small">No indicator matches “{query}”.</p>
      ) : (
        <ul className="indicator-options" id={`${id}-list`} ref={listRef}>
          {visible.map((indicator, index) => {
            const checkboxId = `${id}-opt-${index}`;
            const shortcut = index < SHORTCUT_COUNT ? `Alt+${index + 1}` : undefined;
            return (
              <li key={indicator.code} className={['check', filterFocused && index === highlight ? 'highlighted' : ''].filter(Boolean).join(' ')}>
                <input
                  id={checkboxId}
                  type="checkbox"
                  checked={selected.includes(indicator.code)}
                  aria-keyshortcuts={shortcut}
                  onChange={() => toggle(indicator.code)}
                  onKeyDown={(e) => onOptionKeyDown(e, index, indicator.code)}
                />
                <label htmlFor={checkboxId}>
                  {indicator.label}
                  {!indicator.builtin ? <span className="muted small"> (added)</span> : null}
                </label>
                {shortcut ? (
                  <kbd className="shortcut" aria-hidden="true">
                    {shortcut}
                  </kbd>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
