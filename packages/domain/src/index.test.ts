import { describe, expect, it } from 'vitest';
import * as domain from './index.ts';
import * as kasha from './catalogs/kasha.ts';
import * as kashimi from './catalogs/kashimi.ts';
import * as klavi from './catalogs/klavi.ts';
import * as failure from './failure.ts';
import * as masking from './masking.ts';
import * as money from './money.ts';
import * as normalize from './normalize.ts';
import * as permissions from './permissions.ts';
import * as providers from './providers.ts';
import * as searchNormalize from './search-normalize.ts';
import * as status from './status.ts';

describe('package entry', () => {
  it('exposes every runtime export of every module', () => {
    const modules = {
      kasha,
      kashimi,
      klavi,
      failure,
      masking,
      money,
      normalize,
      permissions,
      providers,
      searchNormalize,
      status,
    };
    for (const [name, mod] of Object.entries(modules)) {
      for (const [exportName, value] of Object.entries(mod)) {
        expect(domain[exportName as keyof typeof domain], `${name}.${exportName}`).toBe(value);
      }
    }
  });
});
