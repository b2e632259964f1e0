import type { ProviderInfo } from '../../shared/domain.ts';
import type { ProviderDefinition } from './types.ts';
import { toProviderInfo } from './types.ts';
import { cheapai } from './cheapai.ts';
import { cheapa } from './cheapa.ts';
import { lumenfall } from './lumenfall.ts';
import { gptimage2 } from './gptimage2.ts';
import { newapi } from './newapi.ts';
import { openrouter } from './openrouter.ts';
import { deepseek } from './deepseek.ts';
import { moonshot } from './moonshot.ts';
import { siliconflow } from './siliconflow.ts';
import { novita } from './novita.ts';
import { aimlapi } from './aimlapi.ts';
import { kieai } from './kieai.ts';
import { fal } from './fal.ts';
import { elevenlabs } from './elevenlabs.ts';
import { litellm } from './litellm.ts';
import { sub2api } from './sub2api.ts';
import { custom } from './custom.ts';

/** Every provider Burnrate knows, in the order people see them. */
export const PROVIDERS: readonly ProviderDefinition[] = [
  cheapai,
  cheapa,
  lumenfall,
  gptimage2,
  newapi,
  openrouter,
  deepseek,
  moonshot,
  siliconflow,
  novita,
  aimlapi,
  kieai,
  fal,
  elevenlabs,
  litellm,
  sub2api,
  custom,
];

const byId = new Map(PROVIDERS.map((p) => [p.id, p]));

export function getProvider(id: string): ProviderDefinition | undefined {
  return byId.get(id);
}

export function listProviders(): ProviderInfo[] {
  return PROVIDERS.map(toProviderInfo);
}
