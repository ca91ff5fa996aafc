import type { Readable } from 'node:stream';
import { badInput } from '../../chat/errors.js';
import { attachmentData } from '../../chat/files/access.js';
import { uploadAttachment } from '../../chat/files/upload.js';
import { builder } from '../builder.js';
import { Attachment } from '../message.js';

builder.mutationFields((t) => ({
  uploadAttachment: t.withAuth({ loggedIn: true }).field({
    type: Attachment,
    description:
      'Stores a file (at most MAX_UPLOAD_BYTES; its type detected from its content) for you to send: pass its id as SendInput.attachmentId.',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, args, ctx) => {
      let file: { name: string; stream: Readable };
      try {
        const upload = await args.file;
        file = { name: upload.filename, stream: upload.createReadStream() };
      } catch (error) {
        // graphql-upload's request errors (a file missing from the request, cut short, too large).
        const { status, message } = error as { status?: number; message?: string };
        if (status === 413) throw badInput('File is larger than MAX_UPLOAD_BYTES');
        if (status) throw badInput(message ?? 'Invalid upload');
        throw error;
      }
      return attachmentData(await uploadAttachment(ctx.deps, ctx.viewer.id, file));
    },
  }),
}));
