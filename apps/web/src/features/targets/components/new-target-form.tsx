import { useState, type FormEvent } from 'react';
import { createTargetRequestSchema, PLATFORM_CATEGORIES, TARGET_KINDS, type TargetKind } from '@actionday/contracts';
import { Button, ErrorMessage, Field } from '../../../shared/ui';
import { optionalText, splitList } from '../../../shared/format';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { CATEGORY_LABELS, TARGET_KIND_LABELS } from '../../../shared/labels';
import { isApiError } from '../../../shared/api-client';
import { useCreateTarget } from '../api/create-target';

const FIELDS = ['kind', 'value', 'platform', 'category', 'country', 'language', 'tags', 'priority', 'notes'] as const;

const PLACEHOLDERS: Record<TargetKind, string> = {
  platform: 'example-escort.com',
  url: 'https://example.com/ad/123',
  username: 'handle',
  phone: '+31 6 1234 5678',
  email: 'name@example.com',
  messaging: 'telegram id',
  other: '',
};

const empty = { kind: 'platform' as TargetKind, value: '', platform: '', category: '', country: '', tags: '' };

export function NewTargetForm({ operationId }: { operationId: string }) {
  const create = useCreateTarget(operationId);
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [created, setCreated] = useState<string | null>(null);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setCreated(null);
    const tags = splitList(form.tags);
    const parsed = createTargetRequestSchema.safeParse({
      kind: form.kind,
      value: form.value,
      platform: optionalText(form.platform),
      category: optionalText(form.category),
      country: optionalText(form.country),
      tags: tags.length ? tags : undefined,
    });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, FIELDS));
      return;
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: (target) => {
        setCreated(`Target added (${TARGET_KIND_LABELS[target.kind].toLowerCase()})`);
        // Keep kind, platform, category, country and tags: targets are often entered in series.
        setForm((f) => ({ ...f, value: '' }));
      },
      onError: (err) => {
        const fe = formErrorsFrom(err, FIELDS);
        if (isApiError(err, 409)) fe.fields.value = 'This target already exists in the operation';
        setErrors(fe);
      },
    });
  };

  return (
    <form className="inline-form new-target-form" onSubmit={onSubmit} noValidate aria-label="New target">
      <Field label="Kind" error={errors.fields.kind}>
        {(p) => (
          <select {...p} value={form.kind} onChange={(e) => set('kind', e.target.value as TargetKind)}>
            {TARGET_KINDS.map((k) => (
              <option key={k} value={k}>
                {TARGET_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Value" error={errors.fields.value} className="grow">
        {(p) => (
          <input {...p} value={form.value} placeholder={PLACEHOLDERS[form.kind]} onChange={(e) => set('value', e.target.value)} required />
        )}
      </Field>
      <Field label="Platform" error={errors.fields.platform}>
        {(p) => <input {...p} value={form.platform} onChange={(e) => set('platform', e.target.value)} />}
      </Field>
      <Field label="Category" error={errors.fields.category}>
        {(p) => (
          <select {...p} value={form.category} onChange={(e) => set('category', e.target.value)}>
            <option value="">—</option>
            {PLATFORM_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Country" error={errors.fields.country} className="narrow">
        {(p) => <input {...p} value={form.country} maxLength={2} placeholder="NL" onChange={(e) => set('country', e.target.value)} />}
      </Field>
      <Field label="Tags" error={errors.fields.tags}>
        {(p) => <input {...p} value={form.tags} placeholder="ukraine-related, csv" onChange={(e) => set('tags', e.target.value)} />}
      </Field>
      <Button type="submit" variant="primary" busy={create.isPending}>
        Add target
      </Button>
      <ErrorMessage error={errors.message} other={errors.other} className="full-row" />
      {created ? (
        <p className="full-row ok small" role="status">
          {created}
        </p>
      ) : null}
    </form>
  );
}
