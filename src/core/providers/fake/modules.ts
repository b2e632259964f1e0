import type { FakeProviderModule } from './types.ts';
import { cheapaiFake } from './cheapai.ts';
import { openrouterFake } from './openrouter.ts';
import { deepseekFake } from './deepseek.ts';
import { moonshotFake } from './moonshot.ts';
import { siliconflowFake } from './siliconflow.ts';
import { cheapaFake } from './cheapa.ts';
import { lumenfallFake } from './lumenfall.ts';
import { newapiFake } from './newapi.ts';
import { novitaFake } from './novita.ts';
import { customFake } from './custom.ts';
import { aimlapiFake } from './aimlapi.ts';
import { kieaiFake } from './kieai.ts';
import { falFake } from './fal.ts';
import { gptimage2Fake } from './gptimage2.ts';
import { elevenlabsFake } from './elevenlabs.ts';
import { litellmFake } from './litellm.ts';
import { sub2apiFake } from './sub2api.ts';

/** Every provider the fake server speaks. */
export const FAKE_MODULES: readonly FakeProviderModule[] = [
  cheapaiFake,
  openrouterFake,
  deepseekFake,
  moonshotFake,
  siliconflowFake,
  cheapaFake,
  lumenfallFake,
  newapiFake,
  novitaFake,
  customFake,
  aimlapiFake,
  kieaiFake,
  falFake,
  gptimage2Fake,
  elevenlabsFake,
  litellmFake,
  sub2apiFake,
];
