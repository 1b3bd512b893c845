// A password reset, signed out: the one-time code an admin handed over (or the link's ?code=)
// and the new password twice; on success back to sign-in with a word of it. The server says
// one thing for a code that is unknown, used or expired, and limits the attempts as sign-in.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, request, waitMinutes } from '../lib/api';
import { newPasswordProblems, refusedFields, type Problems } from '../lib/accounts';
import { Field, Link } from '../components';
import type { AppState } from '../context';

export function ResetPage(props: { t: AppState['t']; onDone: () => void; langSwitch: ReactNode }) {
  const { t } = props;
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const mine: Problems = {};
    if (!code.trim()) mine.code = t('code_required');
    for (const [f, key] of Object.entries(newPasswordProblems(password, repeat))) mine[f as 'password'] = t(key);
    setProblems(mine);
    if (Object.keys(mine).length) return;
    setBusy(true);
    try {
      await request('POST', '/password-reset', { body: { code: code.trim(), new_password: password } });
      props.onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        const n = waitMinutes(err.retryAfter);
        setError(n === null ? err.message : t('too_many_wait', { n }));
      } else if (err instanceof ApiError && err.status === 0) {
        setError(t('network_error'));
      } else {
        const r = refusedFields(err);
        setProblems(r.fields);
        setError(r.general === null ? null : r.general instanceof Error ? r.general.message : String(r.general));
      }
      setBusy(false);
    }
  };

  const field = (key: 'code' | 'password' | 'repeat', label: string, input: (aria: object) => ReactNode) => (
    <Field label={label} id={`reset-${key}`} error={problems[key]}>{input}</Field>
  );

  return (
    <main id="main" className="signin">
      <div className="signin-lang">{props.langSwitch}</div>
      <form onSubmit={submit} className="card" aria-labelledby="reset-title" noValidate>
        <h1 id="reset-title">{t('reset_title')}</h1>
        <p className="muted">{t('reset_intro')}</p>
        {field('code', t('reset_code'),
          (aria) => <input name="code" value={code} autoFocus={!code} autoComplete="one-time-code" spellCheck={false}
                           onChange={(e) => setCode(e.target.value)} {...aria} />)}
        {field('password', t('new_password'),
          (aria) => <input name="new-password" type="password" value={password} autoComplete="new-password" autoFocus={!!code}
                           onChange={(e) => setPassword(e.target.value)} {...aria} />)}
        {field('repeat', t('repeat_password'),
          (aria) => <input name="repeat-password" type="password" value={repeat} autoComplete="new-password"
                           onChange={(e) => setRepeat(e.target.value)} {...aria} />)}
        <p className="muted hint">{t('password_policy_hint')}</p>
        {error ? <p className="error-box" role="alert">{error}</p> : null}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('working') : t('set_password')}</button>
        <Link to="/signin">{t('back_to_signin')}</Link>
      </form>
    </main>
  );
}
