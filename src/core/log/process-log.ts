import { currentLogSink, deferredSink, setLogSink } from './log.ts';

/**
 * This process's log in the data folder `home`: installed at once, the file opened (and the
 * logging library loaded) on the first line, or right away with `eager` (the app). Lines
 * logged before the file is open are kept and written first.
 */
export function startProcessLog(home: string, proc: 'app' | 'cli', options: { eager?: boolean } = {}) {
  const sink = deferredSink(async () => {
    const { openLogFile } = await import('./file.ts');
    return openLogFile(home, { proc });
  });
  setLogSink(sink);
  if (options.eager) sink.start();
  return {
    /** Write what is pending, close the file, and stop logging to it. */
    async close(): Promise<void> {
      if (currentLogSink() === sink) setLogSink(null);
      await sink.close();
    },
  };
}
