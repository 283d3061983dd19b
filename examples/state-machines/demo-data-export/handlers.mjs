// Local stand-ins for the export pipeline: a validation Lambda, the Glue job API and a Lambda
// that reads the written file's metadata. Everything is computed from the input.

class InvalidDateRange extends Error {
  name = 'InvalidDateRange';
}

// Rows produced per day of data, and bytes per row, for each dataset.
const ROWS_PER_DAY = { orders: 1240, customers: 85, invoices: 610, refunds: 37 };
const BYTES_PER_ROW = { orders: 212, customers: 340, invoices: 180, refunds: 150 };
const FORMAT_FACTOR = { CSV: 1, JSON: 1.9, PARQUET: 0.35 };
const EXTENSION = { CSV: 'csv', JSON: 'json', PARQUET: 'parquet' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** A short, stable hexadecimal digest (FNV-1a, 32 bits). */
function digest(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function parseDay(value, field) {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== value
  ) {
    throw new InvalidDateRange(`dateRange.${field} '${value}' is not a calendar date in YYYY-MM-DD form.`);
  }
  return ms;
}

function daysIn({ from, to }) {
  return Math.round((parseDay(to, 'to') - parseDay(from, 'from')) / DAY_MS) + 1;
}

export default {
  ValidateRequest: async (request) => {
    const { datasets, dateRange } = request;
    const days = daysIn(dateRange);
    if (days < 1) {
      throw new InvalidDateRange(
        `dateRange.from (${dateRange.from}) is after dateRange.to (${dateRange.to}).`,
      );
    }
    if (days > 366) {
      throw new InvalidDateRange(
        `The range covers ${days} days; at most 366 can be exported at once. Split it into smaller ranges.`,
      );
    }
    const format = request.format ?? 'CSV';
    const exportId = `exp-${digest([...datasets].sort().join(',') + `|${format}|${dateRange.from}|${dateRange.to}`)}`;
    return { exportId, datasets, format, dateRange, requestedBy: request.requestedBy ?? null };
  },

  // arn:aws:states:::glue:startJobRun: input { JobName, Arguments }, result { JobRunId }.
  StartExportJob: async ({ JobName, Arguments }) => ({
    JobRunId: `jr_${digest(`${JobName}|${JSON.stringify(Arguments)}`)}`,
  }),

  // arn:aws:states:::aws-sdk:glue:getJobRun: the job has always finished by the first poll.
  GetExportJobStatus: async ({ JobName, RunId }) => ({
    JobRun: { Id: RunId, JobName, JobRunState: 'SUCCEEDED', Attempt: 0, ExecutionTime: 3 },
  }),

  DescribeExportFile: async ({ exportId, dataset, format, dateRange }) => {
    const rowCount = ROWS_PER_DAY[dataset] * daysIn(dateRange);
    const key = `${exportId}/${dataset}/part-00000.${EXTENSION[format]}`;
    return {
      dataset,
      location: `s3://acme-data-exports/${key}`,
      downloadUrl: `https://acme-data-exports.s3.us-east-1.amazonaws.com/${key}?X-Amz-Expires=3600`,
      rowCount,
      sizeBytes: Math.round(rowCount * BYTES_PER_ROW[dataset] * FORMAT_FACTOR[format]),
    };
  },
};
