import type { FakeProviderModule } from './types.ts';
import { cheapaiFake } from './cheapai.ts';
import { cheapaFake } from './cheapa.ts';
import { lumenfallFake } from './lumenfall.ts';
import { gptimage2Fake } from './gptimage2.ts';
import { newapiFake } from './newapi.ts';
import { customFake } from './custom.ts';
import { openrouterFake } from './openrouter.ts';
import { deepseekFake } from './deepseek.ts';
import { moonshotFake } from './moonshot.ts';

/** Every provider the fake server speaks. */
export const FAKE_MODULES: readonly FakeProviderModule[] = [
  cheapaiFake,
  cheapaFake,
  lumenfallFake,
  gptimage2Fake,
  newapiFake,
  customFake,
  openrouterFake,
  deepseekFake,
  moonshotFake,
];
