import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from '../../../shared/ui';
import { moveHighlight, searchText } from '../indicator-filter';

export interface SelectOption {
  value: string;
  label: string;
  /** Extra words to match (e.g. an id), not shown. */
  keywords?: string;
}

export interface SearchableSelectProps {
  label: ReactNode;
  /** For the "Clear …" button. */
  name: string;
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  className?: string;
  /** Shown when nothing can be chosen at all. */
  emptyText?: string;
}

const MAX_SHOWN = 50;

/**
 * A combobox (ARIA 1.2 pattern) over a long list: type to filter, ↑/↓ to move, Enter to choose,
 * Escape to close the list (the choice stays). Ctrl+Enter is left to the form (submit).
 */
export function SearchableSelect({ label, name, options, value, onChange, error, hint, className, emptyText }: SearchableSelectProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const selected = options.find((o) => o.value === value);
  const matches = useMemo(() => {
    const words = searchText(text).split(/\s+/).filter(Boolean);
    const all = words.length
      ? options.filter((o) => {
          const hay = searchText(`${o.label} ${o.keywords ?? ''}`);
          return words.every((w) => hay.includes(w));
        })
      : options;
    return all.slice(0, MAX_SHOWN);
  }, [options, text]);
  const activeOption = open ? matches[active] : undefined;

  const choose = (o: SelectOption) => {
    onChange(o.value);
    setOpen(false);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(Math.max(0, matches.findIndex((o) => o.value === value)));
      } else setActive((a) => moveHighlight(a, e.key === 'ArrowDown' ? 1 : -1, matches.length));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (open && activeOption) choose(activeOption);
      else setOpen(true);
    } else if (e.key === 'Escape' && open) {
      // Closes the list only: the choice and the rest of the form stay as they are.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setText('');
    }
  };

  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', 'combobox', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="combobox-control">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          placeholder={options.length === 0 ? emptyText : 'Type to search…'}
          value={open ? text : (selected?.label ?? (value ? value : ''))}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setText('');
          }}
        />
        {value ? (
          <Button size="small" variant="link" onClick={() => onChange('')}>
            {/* Named by its text, not aria-label: getByLabel("From finding") must find the input only. */}
            <span aria-hidden="true">×</span>
            <span className="sr-only">Clear {name}</span>
          </Button>
        ) : null}
      </div>
      <ul role="listbox" id={`${id}-list`} className="combobox-list" hidden={!open} aria-label="Suggestions">
        {open && matches.length === 0 ? <li className="muted small combobox-empty">No match</li> : null}
        {open
          ? matches.map((o, i) => (
              <li
                key={o.value}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={o.value === value}
                className={i === active ? 'active' : undefined}
                // mousedown would blur the input (closing the list) before the click lands.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(o)}
              >
                {o.label}
              </li>
            ))
          : null}
      </ul>
      {hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
