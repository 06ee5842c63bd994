import { S3Client } from "@aws-sdk/client-s3";
import { config } from "../config";

// requestChecksumCalculation/responseChecksumValidation "WHEN_REQUIRED": without them the SDK sends
// streamed bodies with aws-chunked framing that S3-compatible servers (s3rver, MinIO versions, Ceph)
// store verbatim — a silently corrupted object. Only AWS itself may use the SDK defaults.
export function createS3Client(): S3Client {
  return new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    ...(config.S3_CHECKSUMS_WHEN_REQUIRED
      ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : {}),
  });
}

const globalForS3 = globalThis as unknown as { gatehouseS3?: S3Client };
export const s3: S3Client = globalForS3.gatehouseS3 ?? createS3Client();
globalForS3.gatehouseS3 = s3;
