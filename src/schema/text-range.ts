import { TextRange } from './refs.js';

TextRange.implement({
  description: 'A part of a text: offset and length in UTF-16 code units (as JavaScript counts).',
  fields: (t) => ({
    offset: t.exposeInt('offset', { description: 'Where it starts.' }),
    length: t.exposeInt('length', { description: 'How long it is.' }),
  }),
});
