/**
 * Content collections. `huong-dan`: guidance pages written for union staff and members,
 * one Markdown file each in content/huong-dan/ (the file name is the page's slug).
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** Who a guidance page is written for. */
export const AUDIENCES = ['can-bo', 'doan-vien', 'tat-ca'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<Audience, string> = {
  'can-bo': 'Cho cán bộ công đoàn',
  'doan-vien': 'Cho đoàn viên',
  'tat-ca': 'Cho mọi người',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const GuideSchema = z.strictObject({
  /** Shown as the page's heading and in the index. */
  title: z.string().min(1).max(120),
  /** One or two sentences: the index and the meta description. */
  description: z.string().min(1).max(300),
  /** Position in the index, smallest first. */
  order: z.number().int().min(0),
  audience: z.enum(AUDIENCES),
  /**
   * Last reviewed, `YYYY-MM-DD`. Kept as a string: a bare YAML date may arrive as a
   * Date, which is turned back into the same day (UTC) rather than shifted by a time zone.
   */
  updated: z.preprocess((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value), z.string().regex(ISO_DATE)),
});

const huongDan = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/huong-dan', generateId: ({ entry }) => entry.replace(/\.md$/, '') }),
  schema: GuideSchema,
});

export const collections = { 'huong-dan': huongDan };
