import { useCallback, useEffect, useRef, useState } from 'react';
import type { InvokeChannel, InvokeRequest, InvokeResponses } from '../../../shared/ipc.ts';
import { call } from '../api.ts';
import { useApp } from '../store/app.ts';

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Fetch one channel's answer for a view, again whenever the payload changes or core
 * reports new readings (unless `live` is false). A null payload means "not yet". Answers
 * that arrive after a newer request was made are dropped, so a fast range switch never
 * shows an older range.
 */
export function useApi<C extends InvokeChannel>(
  channel: C,
  payload: InvokeRequest<C> | null,
  options: { live?: boolean } = {},
): ApiState<InvokeResponses[C]> {
  const live = options.live ?? true;
  const dataVersion = useApp((s) => (live ? s.dataVersion : 0));
  const [nonce, setNonce] = useState(0);
  const body = payload === null ? null : (JSON.stringify(payload) ?? 'undefined');
  const request = body === null ? null : `${channel}|${body}|${dataVersion}|${nonce}`;
  const [state, setState] = useState<{ request: string | null; data: InvokeResponses[C] | null; error: string | null }>(
    { request: null, data: null, error: null },
  );
  const latest = useRef<string | null>(null);

  useEffect(() => {
    latest.current = request;
    if (request === null || body === null) return;
    const input = (body === 'undefined' ? undefined : JSON.parse(body)) as InvokeRequest<C>;
    call(channel, input).then(
      (data) => latest.current === request && setState({ request, data, error: null }),
      (e: unknown) =>
        latest.current === request &&
        setState((s) => ({ request, data: s.data, error: e instanceof Error ? e.message : String(e) })),
    );
  }, [channel, body, request]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: request !== null && state.request !== request, reload };
}
