import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { loginRequestSchema } from '@actionday/contracts';
import { Button, ErrorMessage, Field } from '../../../shared/ui';
import { formErrorsFrom, formErrorsFromZod, noErrors, type FormErrors } from '../../../shared/form-errors';
import { getEndedMessage } from '../../../shared/session';
import { useLogin } from '../api/login';
import { useSession } from '../../../entities/auth';

const FIELDS = ['email', 'password'] as const;

function redirectTarget(state: unknown): string {
  if (state && typeof state === 'object' && 'from' in state && typeof state.from === 'string') {
    return state.from.startsWith('/') && !state.from.startsWith('//') ? state.from : '/';
  }
  return '/';
}

export function LoginPage() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const loginMutation = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const target = redirectTarget(location.state);

  if (session.status === 'signed-in' && !loginMutation.isPending) return <Navigate to={target} replace />;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = loginRequestSchema.safeParse({ email: email.trim(), password });
    if (!parsed.success) {
      setErrors(formErrorsFromZod(parsed.error, FIELDS));
      return;
    }
    setErrors(noErrors);
    loginMutation.mutate(parsed.data, {
      onSuccess: () => navigate(target, { replace: true }),
      onError: (err) => setErrors(formErrorsFrom(err, FIELDS)),
    });
  };

  return (
    <main className="login-page">
      <form className="card login-card" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">Action Day</h1>
        <p className="muted">Sign in with your operation account.</p>
        {session.status === 'signed-out' && session.reason === 'ended' && getEndedMessage() ? (
          <p className="notice" role="status" data-testid="session-ended">
            {getEndedMessage()}
          </p>
        ) : null}
        <Field label="Email" error={errors.fields.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              name="email"
              autoComplete="username"
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={errors.fields.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <ErrorMessage error={errors.message} other={errors.other} />
        <Button type="submit" variant="primary" busy={loginMutation.isPending}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
