import * as z from "zod/mini";
import "../../shared/domain/zod-english";

/**
 * The S3 notification, reduced to what the import reads: each record's bucket and object key.
 * (Powertools' full S3 schema would bring all of zod into the bundle for fields never read.)
 */
export const s3ImportEventSchema = z.object({
  Records: z.array(
    z.object({
      s3: z.object({
        bucket: z.object({ name: z.string().check(z.minLength(1)) }),
        object: z.object({ key: z.string().check(z.minLength(1)) }),
      }),
    }),
  ),
});

export type S3ImportEvent = z.infer<typeof s3ImportEventSchema>;
