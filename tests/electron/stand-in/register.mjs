// Resolves `import ... from 'electron'` to the stand-in below (Node module hooks), for wiring.mjs.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier === 'electron') return { url: ${JSON.stringify(new URL('./electron.mjs', import.meta.url).href)}, shortCircuit: true };
      return next(specifier, context);
    }`)}`,
);
