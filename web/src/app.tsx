// The shell: the session (read at start, kept in memory; the cookie itself is HttpOnly), the
// language, the program in view, the navigation by role, and the pages by path.
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { get, request, setCsrfToken, setUnauthenticatedHandler, ApiError } from './lib/api';
import { makeT, type Lang } from './lib/i18n';
import { match, navigate, setSearch, useLocation } from './lib/router';
import { isAddressed, programInAddress } from './lib/address';
import type { Items, ProgramSummary, Session, User } from './lib/types';
import { AppContext, canApprove, canPlan, readsOnly, type AppState } from './context';
import { Link, Loading, ProgramPicker } from './components';
import { SignIn } from './pages/sign_in';
import { Dashboard } from './pages/dashboard';
import { ProvincesPage } from './pages/provinces';
import { TargetPage, UnitHistoryPage } from './pages/target';
import { TasksPage } from './pages/tasks';
import { Programs } from './pages/programs';
import { ImportPage } from './pages/import';
import { ProgramBrowser } from './pages/program_browser';
import { MyReports } from './pages/my_reports';
import { ReportFormPage } from './pages/report_form';
import { Approvals } from './pages/approvals';
import { Org } from './pages/org';
import { Audit } from './pages/audit';
import { Accounts } from './pages/accounts';
import { MePage } from './pages/me';
import { ResetPage } from './pages/reset';
import { AllocationsPage } from './pages/allocations';
import { MatrixPage } from './pages/matrix';
import { DocumentsPage } from './pages/documents';
import { DocumentEditorPage } from './pages/document_editor';
import { BriefingPage } from './pages/briefing';
import { UnitProgramsPage } from './pages/unit_programs';
import { UnitProgramPage } from './pages/unit_program';
import { AmendmentsPage } from './pages/amendments';
import { AmendmentPage, NewAmendmentPage } from './pages/amendment';
import { BaselinePage } from './pages/baseline';
import { ReconcilePage } from './pages/reconcile';
import { waitingForLeader } from './lib/plan_life';
import type { Amendment } from './lib/types';

import Overview from './pages/overview';

// Pages shown without a session.
const PUBLIC_PATHS = new Set(['/signin', '/reset']);
// Set while this browser holds a session: a reload that finds none says the session ended
// (expired, signed out elsewhere, password changed, account deactivated) instead of showing a
// bare sign-in.
const SIGNED_IN_MARK = 'wp.signed_in';

function initialLang(): Lang {
  const saved = localStorage.getItem('wp.lang');
  return saved === 'en' ? 'en' : 'vi';
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = useMemo(() => makeT(lang), [lang]);
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const { path } = useLocation();

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('wp.lang', lang);
  }, [lang]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      // The mark stays: a reload from here says it again.
      setUser(null);
      setCsrfToken(null);
      setNotice('session_expired');
      // Several calls may fail together: the first one names the page to come back to.
      const here = location.pathname + location.search;
      if (!here.startsWith('/signin')) navigate('/signin?next=' + encodeURIComponent(here), true);
    });
    request<Session>('GET', '/session', { quiet401: true }).then(
      (s) => {
        setCsrfToken(s.csrf_token);
        localStorage.setItem(SIGNED_IN_MARK, '1');
        setUser(s.user);
      },
      (e) => {
        if (e instanceof ApiError && e.status === 401 && localStorage.getItem(SIGNED_IN_MARK)) setNotice('session_expired');
        localStorage.removeItem(SIGNED_IN_MARK);
        setUser(null);
      },
    );
  }, []);

  // The account as the server has it now (the header names it).
  const reloadUser = useCallback(() => {
    request<Session>('GET', '/session').then((s) => setUser(s.user), () => undefined);
  }, []);

  const signedIn = useCallback((s: Session) => {
    setCsrfToken(s.csrf_token);
    localStorage.setItem(SIGNED_IN_MARK, '1');
    setUser(s.user);
    setNotice(null);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await request('DELETE', '/session');
    } catch {
      /* signed out either way */
    }
    setCsrfToken(null);
    localStorage.removeItem(SIGNED_IN_MARK);
    setUser(null);
    setNotice('signed_out');
    navigate('/signin', true);
  }, []);

  const langSwitch = (
    <button type="button" className="lang" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
            title={t('switch_language')} lang={lang === 'vi' ? 'en' : 'vi'}>
      {lang === 'vi' ? 'English' : 'Tiếng Việt'}
    </button>
  );

  useEffect(() => {
    if (user === null && !PUBLIC_PATHS.has(path)) {
      navigate('/signin' + (path === '/' ? '' : '?next=' + encodeURIComponent(path + location.search)), true);
    } else if (user && path === '/signin') {
      const next = new URLSearchParams(location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
    } else if (user && path === '/reset') {
      navigate('/me', true); // signed in, one changes one's password there
    }
  }, [user, path]);

  if (user === undefined) return <p className="muted boot">{t('loading')}</p>;
  if (user === null && path === '/reset') {
    return <ResetPage t={t} langSwitch={langSwitch} onDone={() => { setNotice('reset_done'); navigate('/signin', true); }} />;
  }
  if (user === null) return <SignIn t={t} onSignedIn={signedIn} notice={notice} langSwitch={langSwitch} />;
  return <SignedIn user={user} lang={lang} t={t} path={path} langSwitch={langSwitch} onSignOut={signOut} reloadUser={reloadUser} />;
}

function SignedIn(props: { user: User; lang: Lang; t: AppState['t']; path: string; langSwitch: React.ReactNode; onSignOut: () => void;
                           reloadUser: () => void }) {
  const { user, t, path } = props;
  const [programs, setPrograms] = useState<ProgramSummary[] | null>(null);
  const [savedId, setSavedId] = useState<number | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [programsTick, setProgramsTick] = useState(0);
  const reloadPrograms = useCallback(() => setProgramsTick((n) => n + 1), []);
  const { search } = useLocation();

  useEffect(() => {
    get<Items<ProgramSummary>>('/programs').then(
      (r) => {
        const published = r.items.filter((p) => p.status === 'published');
        const list = published.length ? published : r.items;
        list.sort((a, b) => b.year - a.year || b.id - a.id);
        setPrograms(r.items);
        const saved = Number(localStorage.getItem('wp.program'));
        setSavedId(r.items.some((p) => p.id === saved) ? saved : (list[0]?.id ?? null));
      },
      (e) => {
        if (!(e instanceof ApiError && e.status === 401)) setPrograms([]);
      },
    );
  }, [programsTick]);

  // On the pages that show figures the address names the program (lib/address.ts): read from
  // it first, then from this browser; written back when it is chosen, in place of the entry.
  const addressed = isAddressed(path);
  const inAddress = addressed && programs ? programInAddress(search, programs) : ({ kind: 'absent' } as const);
  const programId = inAddress.kind === 'known' ? inAddress.id : inAddress.kind === 'unknown' ? null : savedId;

  useEffect(() => {
    if (inAddress.kind === 'known' && inAddress.id !== savedId) {
      localStorage.setItem('wp.program', String(inAddress.id));
      setSavedId(inAddress.id);
    } else if (addressed && inAddress.kind === 'absent' && savedId !== null) {
      setSearch({ program: savedId });
    }
  });

  const setProgramId = useCallback((id: number) => {
    localStorage.setItem('wp.program', String(id));
    setSavedId(id);
    if (isAddressed(location.pathname)) setSearch({ program: id });
  }, []);

  useEffect(() => setMenuOpen(false), [path]);

  // A leader's menu says how many amendments wait for a decision: "Chờ phê duyệt (2)".
  const [waiting, setWaiting] = useState<number | null>(null);
  useEffect(() => {
    if (user.role !== 'leader' || programId === null) return;
    const ctl = new AbortController();
    get<Items<Amendment>>(`/programs/${programId}/amendments?status=forwarded`, ctl.signal).then(
      (r) => setWaiting(waitingForLeader(r.items)), () => setWaiting(null));
    return () => ctl.abort();
  }, [user.role, programId, path]);

  if (programs === null) return <p className="muted boot">{t('loading')}</p>;
  const state: AppState = { user, lang: props.lang, t, programs, programId, setProgramId, reloadPrograms, reloadUser: props.reloadUser };

  const nav: { to: string; label: string; show: boolean }[] = [
    { to: '/', label: t('nav_dashboard'), show: true },
    { to: '/provinces', label: t('nav_provinces'), show: true },
    { to: '/tasks', label: t('nav_tasks'), show: true },
    { to: '/programs', label: t('nav_programs'), show: true },
    { to: '/import', label: t('nav_import'), show: canPlan(user) },
    { to: `/programs/${programId ?? 0}/matrix`, label: t('nav_matrix'), show: canPlan(user) && programId !== null },
    { to: `/programs/${programId ?? 0}/allocations`, label: t('nav_allocations'), show: canPlan(user) && programId !== null },
    { to: '/unit-programs', label: t('nav_unit_programs'), show: true },
    { to: '/amendments', label: user.role === 'leader' ? t('nav_waiting', { n: waiting ?? 0 }) : t('nav_amendments'), show: true },
    { to: '/reports', label: t('nav_my_reports'), show: !readsOnly(user) },
    { to: '/approvals', label: t('nav_approvals'), show: canApprove(user) },
    { to: '/overview', label: t('nav_overview'), show: canPlan(user) || readsOnly(user) },
    { to: '/documents', label: t('nav_documents'), show: canPlan(user) || readsOnly(user) },
    { to: '/org', label: t('nav_org'), show: true },
    { to: '/audit', label: t('nav_audit'), show: user.role === 'admin' },
    { to: '/accounts', label: t('nav_accounts'), show: user.role === 'admin' },
  ];
  // A program's own pages (allocations, the matrix) are theirs in the menu, whichever program.
  const programPage = /^\/programs\/[^/]+\/(allocations|matrix)$/.exec(path)?.[1];
  const underPrograms = /^\/programs\/[^/]+\/(baseline|reconcile)$/.test(path);
  const current = (to: string) => {
    if (programPage) return to.endsWith('/' + programPage);
    if (underPrograms) return to === '/programs';
    return to === '/' ? path === '/' || path.startsWith('/targets/') : path === to || path.startsWith(to + '/');
  };

  let page: React.ReactNode;
  let m: Record<string, string> | null;
  if (inAddress.kind === 'unknown') {
    page = (
      <>
        <p role="alert" id="unknown-program">{t('unknown_program', { id: inAddress.text })}</p>
        {programs.length > 1 ? <div className="filters"><ProgramPicker /></div> : null}
        <p><Link to="/programs">{t('see_programs')}</Link></p>
      </>
    );
  } else if (path === '/') page = <Dashboard />;
  else if ((m = match('/targets/:id', path))) page = <TargetPage id={Number(m.id)} />;
  else if ((m = match('/targets/:id/units/:unit', path))) page = <UnitHistoryPage id={Number(m.id)} unit={Number(m.unit)} />;
  else if (path === '/provinces') page = <ProvincesPage />;
  else if (path === '/tasks') page = <TasksPage />;
  else if (path === '/programs') page = <Programs />;
  else if (path === '/import') page = <ImportPage />;
  else if ((m = match('/programs/:id', path))) page = <ProgramBrowser id={Number(m.id)} />;
  else if ((m = match('/programs/:id/allocations', path))) page = <AllocationsPage id={Number(m.id)} />;
  else if ((m = match('/programs/:id/matrix', path))) page = <MatrixPage id={Number(m.id)} />;
  else if ((m = match('/programs/:id/baseline', path))) page = <BaselinePage id={Number(m.id)} />;
  else if ((m = match('/programs/:id/reconcile', path))) page = <ReconcilePage id={Number(m.id)} />;
  else if (path === '/unit-programs') page = <UnitProgramsPage />;
  else if ((m = match('/unit-programs/:program/:unit', path)))
    page = /^[1-9]\d{0,15}$/.test(m.program) && /^[1-9]\d{0,15}$/.test(m.unit)
      ? <UnitProgramPage key={path} programId={Number(m.program)} unitId={Number(m.unit)} /> : <p role="alert">{t('not_found')}</p>;
  else if (path === '/amendments') page = <AmendmentsPage />;
  else if (path === '/amendments/new') page = <NewAmendmentPage />;
  else if ((m = match('/amendments/:id', path)))
    page = /^[1-9]\d{0,15}$/.test(m.id) ? <AmendmentPage key={m.id} id={Number(m.id)} /> : <p role="alert">{t('not_found')}</p>;
  else if (path === '/reports') page = <MyReports />;
  else if ((m = match('/reports/:program/:obligation/:period/:unit', path)))
    page = <ReportFormPage programId={Number(m.program)} obligation={m.obligation} period={m.period} unit={Number(m.unit)} />;
  else if (path === '/approvals') page = <Approvals />;
  else if (path === '/overview') page = <Overview />;
  else if (path === '/documents') page = <DocumentsPage />;
  else if ((m = match('/documents/:id', path))) page = /^[1-9]\d{0,15}$/.test(m.id) ? <DocumentEditorPage id={Number(m.id)} /> : <p role="alert">{t('not_found')}</p>;
  else if (path === '/briefing') page = <BriefingPage />;
  else if (path === '/org') page = <Org />;
  else if (path === '/audit') page = <Audit />;
  else if (path === '/accounts') page = user.role === 'admin' ? <Accounts /> : <p role="alert">{t('forbidden')}</p>;
  else if (path === '/me') page = <MePage />;
  else page = <p role="alert">{t('not_found')}</p>;

  return (
    <AppContext.Provider value={state}>
      <a className="skip" href="#main">{t('skip_to_content')}</a>
      <header className="top">
        <Link to="/" className="brand">workplan</Link>
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav"
                onClick={() => setMenuOpen(!menuOpen)}>
          {t('menu')}
        </button>
        <nav id="main-nav" aria-label={t('main_navigation')} className={menuOpen ? 'open' : ''}>
          {nav.filter((n) => n.show).map((n) => (
            <Link key={n.to} to={n.to} aria-current={current(n.to) ? 'page' : undefined}>{n.label}</Link>
          ))}
        </nav>
        <div className="who">
          <Link to="/me" className="user" aria-current={path === '/me' ? 'page' : undefined}>
            {user.display_name || user.username} <span className="muted">({user.role === 'leader' && user.title ? user.title : t(('role_' + user.role) as 'role_admin')})</span>
            <span className="sr-only"> · {t('my_account')}</span>
          </Link>
          {props.langSwitch}
          <button type="button" onClick={props.onSignOut}>{t('sign_out')}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </main>
    </AppContext.Provider>
  );
}
