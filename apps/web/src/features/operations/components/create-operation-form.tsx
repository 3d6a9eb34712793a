import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { createOperationRequestSchema, DEFAULT_TLP, OPERATION_KINDS, TLP_LEVELS, type Operation, type Tlp } from '@actionday/contracts';
import { Button, ErrorMessage, Field } from '../../../shared/ui';
import { browserTimeZone, optionalText, splitList, zonedLocalToIso } from '../../../shared/format';
import { TLP_LABELS } from '../../../shared/labels';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { useCreateOperation } from '../api/create-operation';

const FIELDS = ['name', 'kind', 'startsAt', 'endsAt', 'timezone', 'countries', 'description', 'tlp'] as const;

function todayAt(hour: number): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function CreateOperationForm({ kindLabels }: { kindLabels: Record<Operation['kind'], string> }) {
  const navigate = useNavigate();
  const create = useCreateOperation();
  const zones = useMemo(timeZones, []);
  const [form, setForm] = useState({
    name: '',
    kind: 'joint_action_day' as Operation['kind'],
    startsAt: todayAt(8),
    endsAt: todayAt(20),
    timezone: browserTimeZone(),
    countries: '',
    description: '',
    tlp: DEFAULT_TLP as Tlp,
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = createOperationRequestSchema.safeParse({
      name: form.name,
      kind: form.kind,
      startsAt: zonedLocalToIso(form.startsAt, form.timezone) ?? form.startsAt,
      endsAt: zonedLocalToIso(form.endsAt, form.timezone) ?? form.endsAt,
      timezone: form.timezone.trim(),
      countries: splitList(form.countries),
      description: optionalText(form.description),
      tlp: form.tlp,
    });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, FIELDS));
      return;
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: (op) => navigate(`/operations/${op.id}`),
      onError: (err) => setErrors(formErrorsFrom(err, FIELDS)),
    });
  };

  return (
    <section className="card" aria-labelledby="new-operation-title">
      <h2 id="new-operation-title">New operation</h2>
      <form className="form-grid" onSubmit={onSubmit} noValidate>
        <Field label="Name" error={errors.fields.name} className="span-2">
          {(p) => <input {...p} value={form.name} onChange={(e) => set('name', e.target.value)} required />}
        </Field>
        <Field label="Kind" error={errors.fields.kind}>
          {(p) => (
            <select {...p} value={form.kind} onChange={(e) => set('kind', e.target.value as Operation['kind'])}>
              {OPERATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabels[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Time zone" error={errors.fields.timezone}>
          {(p) => (
            <>
              <input {...p} list="time-zones" value={form.timezone} onChange={(e) => set('timezone', e.target.value)} />
              <datalist id="time-zones">
                {zones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Starts" error={errors.fields.startsAt}>
          {(p) => (
            <input {...p} type="datetime-local" value={form.startsAt} onChange={(e) => set('startsAt', e.target.value)} />
          )}
        </Field>
        <Field label="Ends" error={errors.fields.endsAt}>
          {(p) => <input {...p} type="datetime-local" value={form.endsAt} onChange={(e) => set('endsAt', e.target.value)} />}
        </Field>
        <Field label="Countries" hint="ISO codes, comma separated: NL, UA, RO" error={errors.fields.countries} className="span-2">
          {(p) => <input {...p} value={form.countries} onChange={(e) => set('countries', e.target.value)} />}
        </Field>
        <Field label="Sharing (TLP)" hint="How far its MISP and STIX exports may be shared; organizers can change it until the day closes" error={errors.fields.tlp} className="span-2">
          {(p) => (
            <select {...p} value={form.tlp} onChange={(e) => set('tlp', e.target.value as Tlp)}>
              {TLP_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {TLP_LABELS[level]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" error={errors.fields.description} className="span-2">
          {(p) => <textarea {...p} rows={2} value={form.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        <ErrorMessage error={errors.message} other={errors.other} className="span-2" />
        <div className="form-actions span-2">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create operation
          </Button>
        </div>
      </form>
    </section>
  );
}
