/**
 * A tiny typed event emitter: listeners per event type or for every event ('*').
 * A listener that throws is isolated so one broken subscriber (a window that closed, a
 * bug in an alert rule) cannot stop the poller or starve the other listeners.
 */
export interface Emitter<E extends { type: string }> {
  on<T extends E['type'] | '*'>(
    type: T,
    listener: (event: T extends '*' ? E : Extract<E, { type: T }>) => void,
  ): () => void;
  emit(event: E): void;
}

export function createEmitter<E extends { type: string }>(
  onListenerError: (error: unknown) => void = () => undefined,
): Emitter<E> {
  const listeners = new Map<string, Set<(event: E) => void>>();
  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const fn = listener as (event: E) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    emit(event) {
      for (const type of [event.type, '*']) {
        for (const listener of [...(listeners.get(type) ?? [])]) {
          try {
            listener(event);
          } catch (error) {
            onListenerError(error);
          }
        }
      }
    },
  };
}
