import { lazy, Suspense, useEffect } from 'react';
import { HashRouter, NavLink, Route, Routes } from 'react-router-dom';
import { transport } from './api';
import { HostStatus } from './components/HostStatus';
import { JobsIndicator } from './components/JobsIndicator';
import { ShortcutOverlay } from './components/ShortcutOverlay';
import { useGoTo } from './hooks/useGoTo';
import { Loading } from './components/States';
import { Explorer } from './views/explorer/Explorer';
import { Overview } from './views/overview/Overview';

// Views with charts (recharts) or rendered model output (markdown, KaTeX) load when first opened.
const TraceView = lazy(() => import('./views/trace/TraceView').then((m) => ({ default: m.TraceView })));
const LiveTraceView = lazy(() => import('./views/trace/LiveTraceView').then((m) => ({ default: m.LiveTraceView })));
const Compare = lazy(() => import('./views/compare/Compare').then((m) => ({ default: m.Compare })));
const ErrorAnalysis = lazy(() => import('./views/errors/ErrorAnalysis').then((m) => ({ default: m.ErrorAnalysis })));
const ReviewQueue = lazy(() => import('./views/errors/ReviewQueue').then((m) => ({ default: m.ReviewQueue })));
const JobsPanel = lazy(() => import('./views/jobs/JobsPanel').then((m) => ({ default: m.JobsPanel })));

function Shell() {
  useGoTo();
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">VLM Workbench</span>
        <nav>
          <NavLink to="/" end>
            Runs
          </NavLink>
          <NavLink to="/explore">Samples</NavLink>
          <NavLink to="/compare">Compare</NavLink>
          <NavLink to="/errors">Errors</NavLink>
          <NavLink to="/review">Review queue</NavLink>
          <NavLink to="/jobs">Jobs</NavLink>
        </nav>
        <span className="spacer" />
        <HostStatus />
        <JobsIndicator />
        <span className="muted small" title="Keyboard shortcuts">
          <kbd>?</kbd> shortcuts
        </span>
        <span className="transport" title="How this window talks to the core">
          {transport === 'ipc' ? 'desktop' : 'browser'}
        </span>
      </header>
      <main className="content">
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Overview />} />
            <Route path="/explore" element={<Explorer />} />
            <Route path="/prediction/:predictionId" element={<TraceView />} />
            <Route path="/live/:jobId" element={<LiveTraceView />} />
            <Route path="/compare" element={<Compare />} />
            <Route path="/errors" element={<ErrorAnalysis />} />
            <Route path="/review" element={<ReviewQueue />} />
            <Route path="/jobs" element={<JobsPanel />} />
            <Route
              path="*"
              element={
                <p className="state empty">
                  Nothing here. <NavLink to="/">Back to the runs.</NavLink>
                </p>
              }
            />
          </Routes>
        </Suspense>
      </main>
      <ShortcutOverlay />
    </div>
  );
}

export function App() {
  useEffect(() => {
    document.title = 'VLM Workbench';
  }, []);
  return (
    // Navigations update the view at once, not as interruptible transitions: a new filter's rows
    // (already fetched, views/explorer/Explorer.tsx) render in one pass instead of slices with
    // the browser's tasks in between (bench, 2 cores: the explorer's first rows after load 426-577
    // → 375-475 ms, a first filter change 87-101 → 77-82 ms). A lazily loaded view shows
    // "Loading…" while its chunk arrives instead of the previous view.
    <HashRouter useTransitions={false}>
      <Shell />
    </HashRouter>
  );
}
