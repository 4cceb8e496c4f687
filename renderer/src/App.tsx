import { useEffect } from 'react';
import { HashRouter, NavLink, Route, Routes } from 'react-router-dom';
import { api, transport } from './api';
import { JobsIndicator } from './components/JobsIndicator';
import { Explorer } from './views/Explorer';
import { Overview } from './views/Overview';
import { TraceView } from './views/TraceView';

export function App() {
  useEffect(() => {
    document.title = 'VLM Workbench';
  }, []);
  return (
    <HashRouter>
      <div className="app">
        <header className="topbar">
          <span className="brand">VLM Workbench</span>
          <nav>
            <NavLink to="/" end>
              Runs
            </NavLink>
            <NavLink to="/explore">Samples</NavLink>
          </nav>
          <span className="spacer" />
          <JobsIndicator />
          <span className="transport" title="How this window talks to the core">
            {transport === 'ipc' ? 'desktop' : 'browser'}
          </span>
        </header>
        <main className="content">
          <Routes>
            <Route path="/" element={<Overview />} />
            <Route path="/explore" element={<Explorer />} />
            <Route path="/prediction/:predictionId" element={<TraceView />} />
            <Route path="*" element={<p className="empty">Nothing here. <NavLink to="/">Back to the runs.</NavLink></p>} />
          </Routes>
        </main>
      </div>
    </HashRouter>
  );
}

export { api };
