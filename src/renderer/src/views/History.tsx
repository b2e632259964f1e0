import { useEffect, useRef, useState } from 'react';
import type { HistoryFilter, ImportResult, JobProgress } from '../../../shared/ipc.ts';
import type { KeyState } from '../../../shared/states.ts';
import { call } from '../api.ts';
import { Empty, ErrorNote } from '../components/Empty.tsx';
import { Field } from '../components/Field.tsx';
import { ReadingsTable } from '../components/ReadingsTable.tsx';
import { formatNumber } from '../lib/format.ts';
import { ALL_STATES, stateLabel } from '../lib/states.ts';
import { useApi } from '../lib/use-api.ts';
import { useApp } from '../store/app.ts';
import { t } from '../lib/i18n.ts';

const PAGE = 100;
const PROBLEMS = ALL_STATES.filter((s) => s !== 'ok');

/** "YYYY-MM-DD" from a date input → local midnight in unix ms. */
function localDay(value: string, plusDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime();
}

/** Every stored reading, filterable, with export and import. */
export function History() {
  const accounts = useApp((s) => s.accounts) ?? [];
  const [account, setAccount] = useState('');
  const [state, setState] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [offset, setOffset] = useState(0);

  const states: KeyState[] | undefined =
    state === '' ? undefined : state === 'problems' ? PROBLEMS : [state as KeyState];
  const filter: HistoryFilter = {
    ...(account ? { accountIds: [account] } : {}),
    ...(states ? { states } : {}),
    ...(localDay(fromDay) !== undefined ? { from: localDay(fromDay) } : {}),
    ...(localDay(toDay, 1) !== undefined ? { to: localDay(toDay, 1) } : {}),
  };
  const page = useApi('history:range', { ...filter, limit: PAGE, offset });
  const change = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setOffset(0);
  };

  const total = page.data?.total ?? 0;
  return (
    <section aria-labelledby="history-title">
      <header className="view-header">
        <h1 id="history-title" tabIndex={-1}>
          {t('nav.history')}
        </h1>
        <ExportImport filter={filter} />
      </header>

      <form className="filters" aria-label={t('history.filter')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('readings.account')}>
          {(p) => (
            <select {...p} value={account} onChange={change(setAccount)}>
              <option value="">{t('history.allAccounts')}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('readings.state')}>
          {(p) => (
            <select {...p} value={state} onChange={change(setState)}>
              <option value="">{t('history.allStates')}</option>
              <option value="problems">{t('history.anyProblem')}</option>
              {ALL_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('history.from')}>
          {(p) => <input {...p} type="date" value={fromDay} max={toDay || undefined} onChange={change(setFromDay)} />}
        </Field>
        <Field label={t('history.to')}>
          {(p) => <input {...p} type="date" value={toDay} min={fromDay || undefined} onChange={change(setToDay)} />}
        </Field>
      </form>

      <ErrorNote error={page.error} />
      {page.data && (
        <p className="muted" role="status" aria-live="polite" data-testid="history-count">
          {total === 0
            ? t('history.noMatch')
            : t('history.showing', {
                from: formatNumber(offset + 1, 0),
                to: formatNumber(Math.min(offset + PAGE, total), 0),
                total: formatNumber(total, 0),
              })}
        </p>
      )}
      {page.data && page.data.rows.length === 0 ? (
        <Empty title={t('history.nothing')}>{t('history.nothingText')}</Empty>
      ) : page.data ? (
        <ReadingsTable rows={page.data.rows} showAccount caption={t('history.readings')} />
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
      {total > PAGE && (
        <div className="pager">
          <button
            type="button"
            className="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('history.newer')}
          </button>
          <button
            type="button"
            className="button"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('history.older')}
          </button>
        </div>
      )}
    </section>
  );
}

function ExportImport({ filter }: { filter: HistoryFilter }) {
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  /** Whether the running export or import got past its file dialog (a cancel then undoes work). */
  const started = useRef(false);
  // Progress of the export or import this view started (main runs them off its thread).
  useEffect(
    () =>
      window.api.on('jobs:progress', (p) => {
        if (p.kind !== busy) return;
        started.current = true;
        setProgress(p.state === 'running' ? p : null);
      }),
    [busy],
  );
  const run = (kind: 'export' | 'import', work: () => Promise<void>) => {
    started.current = false;
    setBusy(kind);
    setProgress(null);
    setError(null);
    setResult(null);
    setImported(null);
    work()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => {
        setBusy(null);
        setProgress(null);
      });
  };
  const exportAs = (format: 'csv' | 'json') =>
    run('export', async () => {
      const r = await call('export:run', { ...filter, format });
      setResult(
        r.status === 'written'
          ? t('history.exported', { n: formatNumber(r.rows, 0), path: r.path })
          : started.current
            ? t('history.exportCancelledNoFile')
            : t('history.exportCancelled'),
      );
    });
  const importFile = () =>
    run('import', async () => {
      const r = await call('import:run', undefined);
      if (r.status === 'cancelled')
        setResult(started.current ? t('history.importCancelledKept') : t('history.importCancelled'));
      else setImported(r);
    });
  const cancel = () => {
    if (progress) void call('jobs:cancel', { id: progress.id }).catch(() => undefined);
  };
  return (
    <div className="transfer">
      <div className="header-actions">
        <button type="button" className="button" disabled={busy !== null} onClick={() => exportAs('csv')}>
          {t('history.exportCsv')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => exportAs('json')}>
          {t('history.exportJson')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={importFile}>
          {t('history.import')}
        </button>
      </div>
      {progress && <JobProgressBar progress={progress} onCancel={cancel} />}
      <div role="status" aria-live="polite">
        {result && (
          <p className="transfer-result" data-testid="export-result">
            {result}
          </p>
        )}
        {imported && imported.status !== 'cancelled' && <ImportSummary result={imported} />}
      </div>
      <ErrorNote error={error} />
    </div>
  );
}

/** A running export or import: what it does, how far, how fast, how long still; and Cancel. */
function JobProgressBar({ progress, onCancel }: { progress: JobProgress; onCancel: () => void }) {
  const unit = progress.phase === 'reading' ? t('job.bytes') : t('job.readings');
  const done = formatNumber(progress.done, 0);
  const parts = [
    progress.total !== null
      ? t('job.doneOf', { done, total: formatNumber(progress.total, 0), unit })
      : t('job.done', { done, unit }),
  ];
  if (progress.ratePerSecond !== null) parts.push(t('job.rate', { n: formatNumber(progress.ratePerSecond, 0) }));
  if (progress.secondsLeft !== null)
    parts.push(
      progress.secondsLeft < 60
        ? t('job.secondsLeft', { n: progress.secondsLeft })
        : t('job.minutesLeft', { n: Math.ceil(progress.secondsLeft / 60) }),
    );
  const label = t(`job.phase.${progress.phase}`);
  return (
    <div className="job-progress" data-testid="job-progress">
      <div className="job-progress-head">
        <span>{label}</span>
        <button type="button" className="button" onClick={onCancel} disabled={progress.phase === 'undoing'}>
          {t('common.cancel')}
        </button>
      </div>
      <progress
        aria-label={label}
        max={1}
        value={progress.fraction ?? undefined}
        data-fraction={progress.fraction ?? ''}
      />
      <p className="muted">{parts.join(' · ')}</p>
    </div>
  );
}

function ImportSummary({ result }: { result: Exclude<ImportResult, { status: 'cancelled' }> }) {
  if (result.status === 'rejected') {
    const { rejection } = result;
    return (
      <div className="import-report is-empty" data-testid="import-report">
        <p>
          <strong>{t('import.nothing')}</strong> {t('import.refused', { file: rejection.file })}
        </p>
        <ul>
          {(rejection.problems.length
            ? rejection.problems.slice(0, 5)
            : [{ where: '', message: rejection.message }]
          ).map((p, i) => (
            <li key={i}>
              {p.where ? t('import.where', { where: p.where }) : ''}
              {p.message}
            </li>
          ))}
          {rejection.problems.length > 5 && <li>{t('import.more', { count: rejection.problems.length - 5 })}</li>}
        </ul>
      </div>
    );
  }
  const { report } = result;
  const nothing = report.imported === 0;
  return (
    <div className={`import-report${nothing ? ' is-empty' : ''}`} data-testid="import-report">
      <p>
        <strong>
          {nothing ? t('import.nothingNew') : t('import.imported', { n: formatNumber(report.imported, 0) })}
        </strong>{' '}
        {nothing && report.duplicates > 0
          ? t('import.fromAllKnown', { file: report.file })
          : t('import.from', { file: report.file })}
      </p>
      <ul>
        {report.duplicates > 0 && !nothing && (
          <li>{t('import.duplicates', { n: formatNumber(report.duplicates, 0) })}</li>
        )}
        {report.beforeRetention > 0 && (
          <li>{t('import.beforeRetention', { n: formatNumber(report.beforeRetention, 0) })}</li>
        )}
        {report.accountsCreated.length > 0 && (
          <li>{t('import.accountsCreated', { list: report.accountsCreated.join(t('list.comma')) })}</li>
        )}
        {report.packsImported > 0 && <li>{t('import.packs', { n: formatNumber(report.packsImported, 0) })}</li>}
        {report.settingsApplied.length > 0 && (
          <li>{t('import.settings', { list: report.settingsApplied.join(t('list.comma')) })}</li>
        )}
      </ul>
    </div>
  );
}
