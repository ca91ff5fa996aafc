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
      const file = await args.file;
      const row = await uploadAttachment(ctx.deps, ctx.viewer.id, {
        name: file.filename,
        stream: file.createReadStream(),
      });
      return attachmentData(row);
    },
  }),
}));
