import type { ReactNode } from 'react';
import { PLATFORM_CATEGORIES } from '@actionday/contracts';
import { Checkbox, Field } from '../../../shared/ui';
import type { FormErrors } from '../../../shared/form-errors';
import { CATEGORY_LABELS } from '../../../shared/labels';
import type { FindingDraft, LinkTo } from '../finding-draft';
import { listTextError } from '../finding-form-errors';
import { SearchableSelect, type SelectOption } from './searchable-select';

const SUSPECT_ROLES = ['recruiter', 'controller', 'advertiser', 'transporter', 'financier', 'other'] as const;
const SCOPES = ['international', 'national', 'regional', 'local'] as const;
const ORIGINS = ['local', 'foreign', 'mixed', 'unknown'] as const;
const AD_SPACES = ['owned', 'rented', 'unknown'] as const;
const ACTIVITY = ['none', 'low', 'medium', 'high'] as const;

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Options({ values, labels }: { values: readonly string[]; labels?: Record<string, string> }) {
  return (
    <>
      <option value="">—</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {labels?.[v] ?? capitalize(v)}
        </option>
      ))}
    </>
  );
}

type TextKey = { [K in keyof FindingDraft]: FindingDraft[K] extends string ? K : never }[keyof FindingDraft];

export interface FindingTypeFieldsProps {
  draft: FindingDraft;
  errors: FormErrors;
  set: <K extends keyof FindingDraft>(key: K, value: FindingDraft[K]) => void;
  /** For a link: the operation's findings and targets to link. */
  findingOptions: SelectOption[];
  findingsPending: boolean;
  targetOptions: SelectOption[];
}

/** The fields of the draft's finding type: a possible victim, a suspect, a site assessment or a link. */
export function FindingTypeFields({ draft, errors, set, findingOptions, findingsPending, targetOptions }: FindingTypeFieldsProps) {
  const text = (
    key: TextKey,
    label: ReactNode,
    extra: {
      maxLength?: number;
      placeholder?: string;
      upper?: boolean;
      type?: string;
      hint?: ReactNode;
      className?: string;
      inputMode?: 'url' | 'numeric';
      error?: string;
    } = {},
  ) => (
    <Field label={label} error={extra.error ?? errors.fields[key]} hint={extra.hint} className={extra.className}>
      {(p) => (
        <input
          {...p}
          type={extra.type ?? 'text'}
          inputMode={extra.inputMode ?? (extra.type === 'number' ? 'numeric' : undefined)}
          min={extra.type === 'number' ? 0 : undefined}
          maxLength={extra.maxLength}
          placeholder={extra.placeholder}
          value={draft[key]}
          onChange={(e) => set(key, extra.upper ? e.target.value.toUpperCase() : e.target.value)}
        />
      )}
    </Field>
  );
  const area = (key: TextKey, label: ReactNode, extra: { rows?: number; hint?: ReactNode; error?: string; placeholder?: string } = {}) => (
    <Field label={label} error={extra.error ?? errors.fields[key]} hint={extra.hint} className="span-2">
      {(p) => <textarea {...p} rows={extra.rows ?? 2} placeholder={extra.placeholder} value={draft[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  const select = (key: TextKey, label: string, options: ReactNode) => (
    <Field label={label} error={errors.fields[key]}>
      {(p) => (
        <select {...p} value={draft[key]} onChange={(e) => set(key, e.target.value)}>
          {options}
        </select>
      )}
    </Field>
  );
  const findingsEmpty = findingsPending ? 'Loading findings…' : 'No findings yet';

  switch (draft.type) {
    case 'possible_victim':
      return (
        <>
          {text('alias', 'Alias', { placeholder: 'alias or ad reference' })}
          {text('nationality', 'Nationality', { maxLength: 2, placeholder: 'UA', upper: true })}
          {text('ageMin', 'Minimum age', { type: 'number' })}
          {text('ageMax', 'Maximum age', { type: 'number' })}
          <Checkbox label="Minor" checked={draft.minor} onChange={(v) => set('minor', v)} error={errors.fields.minor} />
        </>
      );
    case 'suspect':
      return (
        <>
          {text('alias', 'Alias')}
          {text('nationality', 'Nationality', { maxLength: 2, placeholder: 'RO', upper: true })}
          {select('role', 'Role', <Options values={SUSPECT_ROLES} />)}
        </>
      );
    case 'site_assessment':
      return (
        <>
          {text('siteName', 'Site name')}
          {text('url', 'URL', { inputMode: 'url', placeholder: 'https://…' })}
          {select('category', 'Category', <Options values={PLATFORM_CATEGORIES} labels={CATEGORY_LABELS} />)}
          {text('adCount', 'Number of ads', { type: 'number' })}
          {select('recentActivity', 'Recent activity', <Options values={ACTIVITY} />)}
          {text('priceRange', 'Price range', { placeholder: 'e.g. 100–250 EUR/h' })}
          {select('geographicScope', 'Geographic scope', <Options values={SCOPES} />)}
          {select('advertisedOrigin', 'Advertised origin', <Options values={ORIGINS} />)}
          {text('advertisedOrigins', 'Countries of origin', {
            placeholder: 'UA, RO, MD',
            upper: true,
            hint: 'Country codes, separated by commas',
            error: listTextError(errors, 'advertisedOrigins', draft),
          })}
          {text('language', 'Language', { maxLength: 3, placeholder: 'en' })}
          {select('adSpace', 'Ad space', <Options values={AD_SPACES} />)}
          {text('companyAffiliation', 'Company affiliation')}
          {area('services', 'Services')}
          {area('lingo', 'Particular lingo')}
          {area('mirrors', 'Mirror sites', {
            rows: 2,
            hint: 'One URL per line',
            placeholder: 'https://mirror.example',
            error: listTextError(errors, 'mirrors', draft),
          })}
        </>
      );
    case 'link':
      return (
        <>
          <SearchableSelect
            label="From finding"
            name="from finding"
            className="span-2"
            options={findingOptions}
            value={draft.fromFindingId}
            onChange={(v) => set('fromFindingId', v)}
            error={errors.fields.fromFindingId}
            emptyText={findingsEmpty}
          />
          <fieldset className="link-to span-2">
            <legend className="small">Link to</legend>
            {(['finding', 'target'] as LinkTo[]).map((to) => (
              <label key={to} className="check">
                <input type="radio" name="link-to" value={to} checked={draft.linkTo === to} onChange={() => set('linkTo', to)} />
                {to === 'finding' ? 'another finding' : 'a target'}
              </label>
            ))}
          </fieldset>
          {draft.linkTo === 'finding' ? (
            <SearchableSelect
              label="To finding"
              name="to finding"
              className="span-2"
              options={findingOptions}
              value={draft.toFindingId}
              onChange={(v) => set('toFindingId', v)}
              error={errors.fields.toFindingId ?? errors.fields.toTargetId}
              emptyText={findingsEmpty}
            />
          ) : (
            <SearchableSelect
              label="To target"
              name="to target"
              className="span-2"
              options={targetOptions}
              value={draft.toTargetId}
              onChange={(v) => set('toTargetId', v)}
              error={errors.fields.toTargetId ?? errors.fields.toFindingId}
              emptyText="No targets loaded"
            />
          )}
          {area('reason', 'Reason', { placeholder: 'e.g. same phone number in both ads' })}
        </>
      );
  }
}
