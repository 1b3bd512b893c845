// My account (every signed-in user): my details; my password changed (the present one required,
// the server's policy message shown; my other sessions end, this one stays); my API tokens:
// made with a name and a life in days (the token shown once, to copy), listed with their use,
// revoked after a confirmation.
import { useState, type FormEvent } from 'react';
import { useApp } from '../context';
import { CopyField, Dialog, ErrorBox, Field, Loading, PageTitle, TableTools, useLoad } from '../components';
import { day } from '../lib/table_export';
import { get, request } from '../lib/api';
import {
  newPasswordProblems, parseDays, tokenState,
  type Account, type ApiToken, type NewToken, type Problems,
} from '../lib/accounts';
import { formatDate, formatDateTime } from '../lib/format';
import { useFieldForm } from '../lib/field_form';
import type { Items } from '../lib/types';

export function MePage() {
  const { t, user } = useApp();
  // The whole account (its dates); the session's user until it comes.
  const me = useLoad((s) => get<Account>('/me', s), []);
  const a: Partial<Account> = me.data ?? user;
  return (
    <>
      <PageTitle sub={t('me_sub')}>{t('me_title')}</PageTitle>
      <div className="me-grid">
        <section className="card" aria-labelledby="me-details-h">
          <h2 id="me-details-h">{t('my_details')}</h2>
          <dl className="details">
            <dt>{t('username')}</dt><dd><code>{a.username}</code></dd>
            <dt>{t('display_name')}</dt><dd>{a.display_name || '—'}</dd>
            <dt>{t('role')}</dt><dd>{t(('role_' + a.role) as 'role_admin')}{a.role === 'leader' && a.title ? ` (${a.title})` : ''}</dd>
            <dt>{t('unit')}</dt><dd>{a.unit_name ?? t('no_unit')}</dd>
            {a.last_login_at ? <><dt>{t('last_login')}</dt><dd>{formatDateTime(a.last_login_at)}</dd></> : null}
          </dl>
        </section>
        <ChangePassword />
      </div>
      <Tokens />
    </>
  );
}

function ChangePassword() {
  const { t, user } = useApp();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { problems, general, busy, submit: send } = useFieldForm();
  const [done, setDone] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const mine: Problems = {};
    if (!current) mine.current = t('current_required');
    for (const [f, key] of Object.entries(newPasswordProblems(password, repeat))) mine[f as 'password'] = t(key);
    return send(mine, async () => {
      await request('PUT', '/me/password', { body: { current_password: current, new_password: password } });
      setCurrent('');
      setPassword('');
      setRepeat('');
      setDone(true);
    });
  };

  const field = (key: 'current' | 'password' | 'repeat', label: string, value: string, set: (v: string) => void, auto: string) => (
    <Field label={label} id={`pw-${key}`} error={problems[key]}>
      {(aria) => <input type="password" value={value} onChange={(e) => set(e.target.value)} autoComplete={auto} {...aria} />}
    </Field>
  );

  return (
    <form className="card password-form" onSubmit={submit} noValidate aria-labelledby="pw-h">
      <h2 id="pw-h">{t('change_password')}</h2>
      {/* The username, for the browser's password manager to know whose password changes. */}
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      {field('current', t('current_password'), current, setCurrent, 'current-password')}
      {field('password', t('new_password'), password, setPassword, 'new-password')}
      {field('repeat', t('repeat_password'), repeat, setRepeat, 'new-password')}
      <p className="muted hint">{t('password_policy_hint')}</p>
      <ErrorBox error={general} />
      {done ? <p className="ok-box" role="status">{t('password_changed')}</p> : null}
      <div className="actions"><button type="submit" className="primary" disabled={busy}>{busy ? t('working') : t('change_password')}</button></div>
    </form>
  );
}

function Tokens() {
  const { t } = useApp();
  const list = useLoad((s) => get<Items<ApiToken>>('/tokens', s), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const { problems, general, busy, submit: send } = useFieldForm();
  const [made, setMade] = useState<NewToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const tokens = [...(list.data?.items ?? [])].sort((x, y) => y.created_at.localeCompare(x.created_at) || y.id - x.id);

  const create = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    setRevoked(null);
    const mine: Problems = {};
    const n = parseDays(days);
    if (!name.trim()) mine.name = t('token_name_required');
    if (n === null) mine.days = t('token_days_invalid');
    return send(mine, async () => {
      setMade(await request<NewToken>('POST', '/tokens', { body: { name: name.trim(), expires_in_days: n } }));
      setName('');
      list.reload();
    });
  };

  return (
    <section aria-labelledby="tokens-h" className="tokens card">
      <h2 id="tokens-h">{t('api_tokens')}</h2>
      <p className="muted">{t('api_tokens_sub')}</p>
      <form className="filters" onSubmit={create} noValidate aria-label={t('create_token')}>
        <Field label={t('token_name')} id="tok-name" error={problems.name} className="inline-field">
          {(aria) => <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="off" {...aria} />}
        </Field>
        <Field label={t('token_days')} id="tok-days" error={problems.days} className="inline-field">
          {(aria) => <input value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" className="narrow" {...aria} />}
        </Field>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('working') : t('create_token')}</button>
      </form>
      <ErrorBox error={general} />
      {made ? (
        <div className="ok-box token-made" role="status">
          <p>{t('token_created', { name: made.name, date: made.expires_at ? formatDate(made.expires_at) : '—' })}</p>
          <CopyField label={t('token_value')} value={made.token} t={t} />
          <p><strong>{t('token_once')}</strong></p>
        </div>
      ) : null}
      {revoked ? <p className="ok-box" role="status">{t('token_revoked_ok', { name: revoked })}</p> : null}
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !tokens.length ? <p className="muted">{t('no_tokens')}</p> : null}
      {tokens.length ? (
        <>
        <div className="table-head"><span /><TableTools tableId="tokens-table" title={t('api_tokens')} fileName="ma-truy-cap" noPrint /></div>
        <div className="table-wrap">
          <table className="list stack" id="tokens-table">
            <caption className="sr-only">{t('api_tokens')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('token_name')}</th><th scope="col">{t('created_at')}</th><th scope="col">{t('expires')}</th>
                <th scope="col">{t('last_used')}</th><th scope="col">{t('account_status')}</th><th scope="col" className="print-hide" data-export="skip"><span className="sr-only">{t('actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((k) => {
                const state = tokenState(k);
                return (
                  <tr key={k.id} data-token={k.name}>
                    <td data-label={t('token_name')}>{k.name}</td>
                    <td data-label={t('created_at')}>{formatDateTime(k.created_at)}</td>
                    <td data-label={t('expires')} {...day(k.expires_at)}>{k.expires_at ? formatDate(k.expires_at) : '—'}</td>
                    <td data-label={t('last_used')}>{k.last_used_at ? formatDateTime(k.last_used_at) : <span className="muted">{t('never')}</span>}</td>
                    <td data-label={t('account_status')}>
                      {state !== 'active' ? <span className={'badge token-' + state}>{t(('token_' + state) as 'token_revoked')}</span> : null}
                      {k.revoked_at ? <span className="muted"> {formatDateTime(k.revoked_at)}</span> : null}
                    </td>
                    <td className="print-hide" data-export="skip">
                      {state === 'active' ? (
                        <button type="button" onClick={() => { setRevoked(null); setRevoking(k); }} aria-label={`${t('revoke')} ${k.name}`}>
                          {t('revoke')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        </>
      ) : null}
      {revoking ? (
        <RevokeDialog token={revoking} onClose={() => setRevoking(null)}
                      onDone={() => { setRevoked(revoking.name); setRevoking(null); setMade(null); list.reload(); }} />
      ) : null}
    </section>
  );
}

function RevokeDialog(props: { token: ApiToken; onClose: () => void; onDone: () => void }) {
  const { t } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('DELETE', `/tokens/${props.token.id}`);
      props.onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('revoke_title', { name: props.token.name })} onClose={props.onClose}>
      <p>{t('revoke_q', { name: props.token.name })}</p>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void go()}>{busy ? t('working') : t('confirm_revoke')}</button>
        <button type="button" onClick={props.onClose} data-autofocus>{t('cancel')}</button>
      </div>
    </Dialog>
  );
}
