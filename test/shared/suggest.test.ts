import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestions } from '../../src/shared/suggest.ts';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['status', 'status', 0],
    ['', 'abc', 3],
    ['stauts', 'status', 1],
    ['statsu', 'status', 1],
    ['staus', 'status', 1],
    ['statuss', 'status', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('suggestions', () => {
  const commands = ['status', 'accounts', 'packs', 'alerts', 'history', 'poll', 'watch', 'prune', 'providers'];
  it('finds typos, swapped letters and prefixes; a word in another case alone', () => {
    expect(suggestions('stauts', commands)).toEqual(['status']);
    expect(suggestions('acount', commands)).toEqual(['accounts']);
    expect(suggestions('pol', commands)).toEqual(['poll']);
    expect(suggestions('pro', commands)).toEqual(['providers']);
    expect(suggestions('pol', ['poll', 'pool', 'status'])).toEqual(['poll', 'pool']);
    expect(suggestions('STATUS', commands)).toEqual(['status']);
    expect(suggestions('CheapAI', ['cheapai', 'cheapa'])).toEqual(['cheapai']);
    expect(suggestions('cheapi', ['cheapai', 'cheapa'])).toEqual(['cheapa', 'cheapai']);
  });

  it('offers nothing rather than something far off', () => {
    expect(suggestions('frobnicate', commands)).toEqual([]);
    expect(suggestions('xy', commands)).toEqual([]);
    expect(suggestions('', commands)).toEqual([]);
  });

  it('says it in one clause', () => {
    expect(didYouMean('stauts', commands)).toBe(' (did you mean status?)');
    expect(didYouMean('pol', ['poll', 'pool'])).toBe(' (did you mean poll or pool?)');
    expect(didYouMean('zzz', commands)).toBe('');
  });
});
