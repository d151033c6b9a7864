import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shouldBecomeCurrent, type CurrentStatus, type StatusCandidate } from './current-status.ts';

const at = (second: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, second));
const event = (status: StatusCandidate['status'], second: number, key = `k${second}`): StatusCandidate => ({ status, at: at(second), eventKey: key });

function replay(events: StatusCandidate[]): CurrentStatus | null {
  let current: CurrentStatus | null = null;
  for (const candidate of events) if (shouldBecomeCurrent(current, candidate)) current = { ...candidate };
  return current;
}

describe('which event decides the current status', () => {
  it('is the newest by provider time, not the last to arrive', () => {
    expect(replay([event('PENDING', 1), event('COMPLETED', 5), event('PENDING', 3)])?.status).toBe('COMPLETED');
  });

  it('never lets a final status fall back to pending or unknown, even with a newer time', () => {
    expect(replay([event('FAILED', 5), event('PENDING', 9)])?.status).toBe('FAILED');
    expect(replay([event('COMPLETED', 5), event('UNKNOWN', 9)])?.status).toBe('COMPLETED');
  });

  it('lets a completed payment become refunded, and keeps it refunded', () => {
    expect(replay([event('COMPLETED', 5), event('REFUNDED', 9), event('COMPLETED', 12)])?.status).toBe('REFUNDED');
  });

  it('prefers the final status when two events carry the same time', () => {
    expect(replay([event('COMPLETED', 5, 'a'), event('PENDING', 5, 'z')])?.status).toBe('COMPLETED');
    expect(replay([event('PENDING', 5, 'z'), event('COMPLETED', 5, 'a')])?.status).toBe('COMPLETED');
  });

  it('treats UNKNOWN as not final: a later answer replaces it', () => {
    expect(replay([event('UNKNOWN', 5), event('FAILED', 9)])?.status).toBe('FAILED');
  });

  it('lets a later final provider answer replace a manual resolution, but not a repeated unknown', () => {
    const manual: CurrentStatus = { status: 'COMPLETED', at: at(10), eventKey: 'manual', isManual: true };
    expect(shouldBecomeCurrent(manual, event('UNKNOWN', 20))).toBe(false);
    expect(shouldBecomeCurrent(manual, event('FAILED', 5))).toBe(false);
    expect(shouldBecomeCurrent(manual, event('FAILED', 20))).toBe(true);
  });

  it('ends in the same state whatever order a valid history arrives in, duplicates included', () => {
    const history = fc
      .tuple(fc.array(fc.constantFrom('PENDING', 'UNKNOWN'), { maxLength: 8 }), fc.option(fc.constantFrom('COMPLETED', 'FAILED')))
      .map(([pending, final]) => {
        const statuses = [...pending, ...(final ? [final] : [])] as StatusCandidate['status'][];
        return statuses.map((status, i) => event(status, i * 2, `e${i}`));
      });
    fc.assert(
      fc.property(
        history.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray([...events, ...events], { minLength: 2 * events.length }))),
        ([inOrder, shuffled]) => {
          expect(replay(shuffled)).toEqual(replay(inOrder));
        },
      ),
    );
  });
});
