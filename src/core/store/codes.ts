import type { Unit } from '../../shared/units.ts';
import { UNITS } from '../../shared/units.ts';

/** Units are stored as their index in UNITS (one byte per row). Append only. */
export function unitCode(unit: Unit): number {
  return UNITS.indexOf(unit);
}

export function unitFromCode(code: number): Unit {
  const unit = UNITS[code];
  if (unit === undefined) throw new Error(`unknown unit code ${code}`);
  return unit;
}
