import type { CliContext } from '../context.ts';
import { parse } from '../args.ts';
import { listProviders } from '../../core/providers/registry.ts';

export function providersCommand(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, { json: { type: 'boolean' } });
  const providers = listProviders();
  if (values.json) {
    ctx.printJson(providers.map((p) => ({ id: p.id, name: p.name, unit: p.unit, capabilities: p.capabilities })));
    return 0;
  }
  const width = Math.max(...providers.map((p) => p.id.length));
  for (const p of providers) ctx.print(`${p.id.padEnd(width)}  ${p.name} (${p.unit})`);
  return 0;
}
