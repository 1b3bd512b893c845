// Sign-in: POST /api/v1/session (JSON only) sets the HttpOnly cookie and returns the CSRF
// token. Why the user is here (a session that ended, a new password set) is said above the form.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, request, waitMinutes } from '../lib/api';
import { Link } from '../components';
import type { AppState } from '../context';
import type { Session } from '../lib/types';

export function SignIn(props: { t: AppState['t']; onSignedIn: (s: Session) => void; notice: string | null; langSwitch: ReactNode }) {
  const { t } = props;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(t('signin_fill_both'));
      return;
    }
    setBusy(true);
    try {
      const s = await request<Session>('POST', '/session', { body: { username: username.trim(), password } });
      props.onSignedIn(s);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('signin_wrong'));
      else if (err instanceof ApiError && err.status === 429) {
        const n = waitMinutes(err.retryAfter);
        setError(n === null ? t('signin_locked') : t('too_many_wait', { n }));
      }
      else if (err instanceof ApiError && err.status === 0) setError(t('network_error'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <div className="signin-lang">{props.langSwitch}</div>
      <form onSubmit={submit} className="card" aria-labelledby="signin-title" noValidate>
        <h1 id="signin-title">{t('signin_title')}</h1>
        <p className="muted">{t('signin_intro')}</p>
        {props.notice ? (
          <p className={props.notice === 'reset_done' ? 'ok-box' : 'notice'} role="status">{t(props.notice as 'session_expired')}</p>
        ) : null}
        <label>
          {t('username')}
          <input name="username" autoComplete="username" value={username} autoFocus
                 onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" value={password}
                 onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? <p className="error-box" role="alert">{error}</p> : null}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('signing_in') : t('sign_in')}</button>
        <Link to="/reset">{t('forgot_link')}</Link>
      </form>
    </main>
  );
}
