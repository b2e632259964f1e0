import type { FakeProviderModule } from './types.ts';
import { cheapaiFake } from './cheapai.ts';

/** Every provider the fake server speaks. */
export const FAKE_MODULES: readonly FakeProviderModule[] = [cheapaiFake];
