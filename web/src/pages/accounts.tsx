// The accounts (admins): the list with its filters, a new account, an account's role, unit and
// name changed in a dialog, deactivation and activation after a confirmation, and a password
// reset whose one-time code and link are shown once. The server checks everything again (the
// password policy, an admin's own role and activity) and its refusal is shown on the field it
// names.
import { useState, type FormEvent } from 'react';
import { useApp } from '../context';
import { CopyField, Dialog, ErrorBox, Field, Loading, PageTitle, TableTools, useLoad } from '../components';
import { get, request } from '../lib/api';
import {
  LEADER_TITLES, ROLES, absoluteUrl, accountUnits, filterAccounts, newPasswordProblems, unitChoices,
  type Account, type AccountFilter, type Problems, type ResetCode, type UnitGroup,
} from '../lib/accounts';
import { formatDateTime, formatNumber } from '../lib/format';
import { useFieldForm } from '../lib/field_form';
import { filterBy } from '../lib/search';
import type { Items, OrgUnit, Role } from '../lib/types';

type Open = { kind: 'edit' | 'toggle' | 'reset'; account: Account } | null;

export function Accounts() {
  const { t, user, reloadUser } = useApp();
  const list = useLoad((s) => get<Items<Account>>('/users', s), []);
  // Units as the organisation stands today (the server's today: a rehearsal's clock too).
  const units = useLoad((s) => get<Items<OrgUnit>>('/org-units', s), []);
  const [filter, setFilter] = useState<AccountFilter>({ role: '', unit: '', active: '' });
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const accounts = list.data?.items ?? [];
  const shown = filterBy(filterAccounts(accounts, filter), q, (a) => `${a.username} ${a.display_name} ${a.unit_name ?? ''}`);
  const set = (k: keyof AccountFilter) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value });
  const name = (a: Account) => a.display_name || a.username;

  const finished = (message: string) => {
    setOpen(null);
    setDone(message);
    list.reload();
  };

  return (
    <>
      <PageTitle sub={t('accounts_sub')}>{t('accounts_title')}</PageTitle>
      <div className="filters">
        <label className="inline-field">{t('role')}
          <select value={filter.role} onChange={set('role')}>
            <option value="">{t('all')}</option>
            {ROLES.map((r) => <option key={r} value={r}>{t(('role_' + r) as 'role_admin')}</option>)}
          </select>
        </label>
        <label className="inline-field">{t('unit')}
          <select value={filter.unit} onChange={set('unit')}>
            <option value="">{t('all')}</option>
            <option value="none">{t('no_unit')}</option>
            {accountUnits(accounts).map((u) => <option key={u.id} value={String(u.id)}>{u.name}</option>)}
          </select>
        </label>
        <label className="inline-field">{t('account_status')}
          <select value={filter.active} onChange={set('active')}>
            <option value="">{t('all')}</option>
            <option value="active">{t('account_active')}</option>
            <option value="inactive">{t('account_inactive')}</option>
          </select>
        </label>
        <label className="inline-field">{t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
        <button type="button" className="primary" aria-expanded={creating} onClick={() => { setCreating(!creating); setDone(null); }}>
          {t('create_account')}
        </button>
      </div>
      {creating ? (
        <AccountForm units={units.data?.items ?? []} onCancel={() => setCreating(false)}
                     onDone={(a) => { setCreating(false); finished(t('account_created', { name: a.username })); }} />
      ) : null}
      {done ? <p className="ok-box" role="status">{done}</p> : null}
      <ErrorBox error={list.error} />
      <ErrorBox error={units.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-head"><p className="muted">{t('n_accounts', { n: formatNumber(shown.length) })}</p>
          {shown.length ? <TableTools tableId="accounts-table" title={t('accounts_title')} fileName="tai-khoan" /> : null}
        </div>
      ) : null}
      {shown.length ? (
        <div className="table-wrap">
          <table className="list stack accounts" id="accounts-table">
            <caption className="sr-only">{t('accounts_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('username')}</th><th scope="col">{t('display_name')}</th><th scope="col">{t('role')}</th>
                <th scope="col">{t('unit')}</th><th scope="col">{t('account_status')}</th><th scope="col">{t('last_login')}</th>
                <th scope="col" className="print-hide" data-export="skip">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id} data-username={a.username} className={a.active ? undefined : 'inactive'}>
                  <td data-label={t('username')}><code>{a.username}</code></td>
                  <td data-label={t('display_name')}>{a.display_name} {a.id === user.id ? <span className="muted">{t('you')}</span> : null}</td>
                  <td data-label={t('role')}>{t(('role_' + a.role) as 'role_admin')}{a.role === 'leader' && a.title ? ` (${a.title})` : ''}</td>
                  <td data-label={t('unit')}>{a.unit_name ?? <span className="muted">—</span>}</td>
                  <td data-label={t('account_status')}>
                    <span className={'badge ' + (a.active ? 'acct-active' : 'acct-inactive')}>{a.active ? t('account_active') : t('account_inactive')}</span>
                  </td>
                  <td data-label={t('last_login')}>{a.last_login_at ? formatDateTime(a.last_login_at) : <span className="muted">{t('never')}</span>}</td>
                  <td className="row-actions print-hide" data-export="skip">
                    <button type="button" onClick={() => { setDone(null); setOpen({ kind: 'edit', account: a }); }}
                            aria-label={`${t('edit')} ${a.username}`}>{t('edit')}</button>
                    {a.id !== user.id ? (
                      <button type="button" onClick={() => { setDone(null); setOpen({ kind: 'toggle', account: a }); }}
                              aria-label={`${a.active ? t('deactivate') : t('activate')} ${a.username}`}>
                        {a.active ? t('deactivate') : t('activate')}
                      </button>
                    ) : null}
                    <button type="button" onClick={() => { setDone(null); setOpen({ kind: 'reset', account: a }); }}
                            aria-label={`${t('reset_password')} ${a.username}`}>{t('reset_password')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : list.data ? <p className="muted">{t('nothing_found')}</p> : null}

      {open?.kind === 'edit' ? (
        <Dialog title={t('edit_account', { name: open.account.username })} onClose={() => setOpen(null)}>
          <AccountForm account={open.account} units={units.data?.items ?? []} onCancel={() => setOpen(null)}
                       onDone={(a) => { if (a.id === user.id) reloadUser(); finished(t('account_saved', { name: a.username })); }} />
        </Dialog>
      ) : null}
      {open?.kind === 'toggle' ? (
        <ToggleDialog account={open.account} onClose={() => setOpen(null)}
                      onDone={(a) => finished(t(a.active ? 'account_activated' : 'account_deactivated', { name: name(a) }))} />
      ) : null}
      {open?.kind === 'reset' ? <ResetDialog account={open.account} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function UnitSelect(props: { groups: UnitGroup[]; value: string; onChange: (v: string) => void; error?: string; id: string }) {
  const { t } = useApp();
  return (
    <Field label={t('unit')} id={props.id} error={props.error}>
      {(aria) => (
        <select value={props.value} onChange={(e) => props.onChange(e.target.value)} {...aria}>
          <option value="">{t('no_unit')}</option>
          {props.groups.map((g) => (
            <optgroup key={g.kind} label={t(('unit_kind_' + g.kind) as 'unit_kind_ministry')}>
              {g.units.map((u) => <option key={u.id} value={String(u.id)}>{u.name}</option>)}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A new account (without `account`), or an account's display name, role and unit. */
function AccountForm(props: { account?: Account; units: OrgUnit[]; onCancel: () => void; onDone: (a: Account) => void }) {
  const { t } = useApp();
  const a = props.account;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(a?.display_name ?? '');
  const [role, setRole] = useState<Role>(a?.role ?? 'editor');
  const [title, setTitle] = useState<string>(a?.title || LEADER_TITLES[1]);
  const [unit, setUnit] = useState(a?.unit_id !== null && a?.unit_id !== undefined ? String(a.unit_id) : '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { problems, general, busy, submit: send } = useFieldForm();
  const groups = unitChoices(props.units, a ? { id: a.unit_id, name: a.unit_name } : undefined);
  const idp = a ? `acct-${a.id}` : 'acct-new';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const mine: Problems = {};
    if (!a) {
      if (!username.trim()) mine.username = t('username_required');
      for (const [f, key] of Object.entries(newPasswordProblems(password, repeat))) mine[f as 'password'] = t(key);
    }
    return send(mine, async () => {
      const unit_id = unit === '' ? null : Number(unit);
      let saved: Account;
      if (a) {
        const changes: Record<string, unknown> = {};
        if (displayName.trim() !== a.display_name) changes.display_name = displayName.trim();
        if (role !== a.role) changes.role = role;
        if (unit_id !== a.unit_id) changes.unit_id = unit_id;
        // A leader's title (Bộ trưởng / Thứ trưởng); another role carries none.
        const wanted = role === 'leader' ? title : '';
        if (wanted !== (a.title ?? '')) changes.title = wanted;
        saved = Object.keys(changes).length ? await request<Account>('PATCH', `/users/${a.id}`, { body: changes }) : a;
      } else {
        saved = await request<Account>('POST', '/users', {
          body: { username: username.trim(), display_name: displayName.trim(), role, unit_id, password,
                  ...(role === 'leader' ? { title } : {}) },
        });
      }
      props.onDone(saved);
    });
  };

  return (
    <form className={'account-form' + (a ? '' : ' card')} onSubmit={submit} noValidate
          aria-label={a ? t('edit_account', { name: a.username }) : t('create_account')}>
      {a ? null : <h2>{t('create_account')}</h2>}
      <div className="form-grid">
        {a ? null : (
          <Field label={t('username')} id={idp + '-username'} error={problems.username}>
            {(aria) => <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} {...aria} />}
          </Field>
        )}
        <Field label={t('display_name')} id={idp + '-display'} error={problems.display_name}>
          {(aria) => <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" {...aria} />}
        </Field>
        <Field label={t('role')} id={idp + '-role'} error={problems.role}>
          {(aria) => (
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} {...aria}>
              {ROLES.map((r) => <option key={r} value={r}>{t(('role_' + r) as 'role_admin')}</option>)}
            </select>
          )}
        </Field>
        {role === 'leader' ? (
          <Field label={t('leader_title')} id={idp + '-title'} error={problems.title}>
            {(aria) => (
              <select value={title} onChange={(e) => setTitle(e.target.value)} {...aria}>
                {LEADER_TITLES.map((x) => <option key={x} value={x}>{x}</option>)}
              </select>
            )}
          </Field>
        ) : null}
        <UnitSelect groups={groups} value={unit} onChange={setUnit} error={problems.unit} id={idp + '-unit'} />
        {a ? null : (
          <>
            <Field label={t('password')} id={idp + '-password'} error={problems.password}>
              {(aria) => <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" {...aria} />}
            </Field>
            <Field label={t('repeat_password_plain')} id={idp + '-repeat'} error={problems.repeat}>
              {(aria) => <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" {...aria} />}
            </Field>
          </>
        )}
      </div>
      {a ? null : <p className="muted hint">{t('password_policy_hint')}</p>}
      <ErrorBox error={general} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('working') : a ? t('save_changes') : t('create_account')}</button>
        <button type="button" onClick={props.onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}

function ToggleDialog(props: { account: Account; onClose: () => void; onDone: (a: Account) => void }) {
  const { t } = useApp();
  const a = props.account;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onDone(await request<Account>('POST', `/users/${a.id}/${a.active ? 'deactivate' : 'activate'}`, { body: {} }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const name = a.display_name ? `${a.display_name} (${a.username})` : a.username;
  return (
    <Dialog title={t(a.active ? 'deactivate_title' : 'activate_title', { name: a.username })} onClose={props.onClose}>
      <p>{t(a.active ? 'deactivate_q' : 'activate_q', { name })}</p>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className={a.active ? 'danger' : 'primary'} disabled={busy} onClick={() => void go()}>
          {busy ? t('working') : t(a.active ? 'confirm_deactivate' : 'confirm_activate')}
        </button>
        <button type="button" onClick={props.onClose} data-autofocus>{t('cancel')}</button>
      </div>
    </Dialog>
  );
}

function ResetDialog(props: { account: Account; onClose: () => void }) {
  const { t } = useApp();
  const a = props.account;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState<ResetCode | null>(null);
  const name = a.display_name ? `${a.display_name} (${a.username})` : a.username;
  const make = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode(await request<ResetCode>('POST', `/users/${a.id}/password-reset`, { body: {} }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={code ? t('reset_code_title', { name: a.username }) : t('reset_password') + ' ' + a.username} onClose={props.onClose}>
      {code ? (
        <>
          <p className="notice">{t('reset_code_once')}</p>
          <CopyField label={t('reset_code')} value={code.code} t={t} />
          <CopyField label={t('reset_link')} value={absoluteUrl(code.reset_url, location.origin)} t={t} />
          <p>{t('expires_at_time', { time: formatDateTime(code.expires_at) })}</p>
          <div className="actions"><button type="button" className="primary" onClick={props.onClose}>{t('close')}</button></div>
        </>
      ) : (
        <>
          <p>{t('reset_q', { name })}</p>
          <ErrorBox error={error} />
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void make()}>{busy ? t('working') : t('confirm_reset')}</button>
            <button type="button" onClick={props.onClose}>{t('cancel')}</button>
          </div>
        </>
      )}
    </Dialog>
  );
}
