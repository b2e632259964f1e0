import { defineCommand, JSON_FLAG } from '../command.ts';
import { listProviders } from '../../core/providers/registry.ts';
import { renderTable } from '../ui/table.ts';

export const providersCommand = defineCommand({
  name: 'providers',
  summary: 'the providers Burnrate can read',
  description:
    'Every provider Burnrate knows, with the unit its balance is kept in and what it can report. Use the id with accounts add --provider.',
  flags: { json: JSON_FLAG },
  engine: false,
  examples: [
    { run: 'providers', does: 'list them' },
    { run: 'providers --json', does: 'with their capabilities, for scripts' },
  ],
  run(ctx, { values }) {
    const providers = listProviders();
    if (values.json) {
      ctx.printJson(providers.map((p) => ({ id: p.id, name: p.name, unit: p.unit, capabilities: p.capabilities })));
      return 0;
    }
    ctx.show(
      renderTable(
        [{ header: 'ID' }, { header: 'NAME' }, { header: 'UNIT' }, { header: 'CAN REPORT', flex: true, keep: 10 }],
        providers.map((p) => [p.id, p.name, p.unit, p.capabilities.join(', ')]),
        ctx,
      ),
    );
    return 0;
  },
});
