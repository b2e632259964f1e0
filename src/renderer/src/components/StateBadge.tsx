import type { KeyState } from '../../../shared/states.ts';
import { stateLabel, stateTone } from '../lib/states.ts';

/** The key's state in words and colour (colour is never the only signal). */
export function StateBadge({ state, title }: { state: KeyState | null; title?: string | null }) {
  return (
    <span className={`badge tone-${stateTone(state)}`} title={title ?? undefined} data-state={state ?? 'none'}>
      <span className="dot" aria-hidden="true" />
      {stateLabel(state)}
    </span>
  );
}
