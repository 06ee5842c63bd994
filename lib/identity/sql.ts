import { Prisma } from "../db";

// SQL pieces shared by the set-based writes. Columns are timestamp(3) without time zone holding
// UTC (as Prisma writes them): values travel as timestamptz and are converted explicitly.

/** A time-ordered UUIDv7, as Prisma's @default(uuid(7)) makes (PostgreSQL 15 has no uuidv7()). */
export const UUID7 = Prisma.sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

/** An ISO instant as a UTC timestamp(3) value. */
export const utc = (iso: string) => Prisma.sql`(${iso}::timestamptz AT TIME ZONE 'UTC')`;

export const iso = (d: Date) => d.toISOString();

