-- CreateEnum
CREATE TYPE "FileTextStatus" AS ENUM ('none', 'extracted', 'unavailable');

-- AlterTable
ALTER TABLE "File" ADD COLUMN     "textError" TEXT,
ADD COLUMN     "textStatus" "FileTextStatus" NOT NULL DEFAULT 'none';


-- Files stored before this migration: text read, or (a PDF or Word document that could not be read) not.
UPDATE "File" SET "textStatus" = 'extracted' WHERE "extractedText" IS NOT NULL;
UPDATE "File" SET "textStatus" = 'unavailable', "textError" = 'Its text could not be read.'
  WHERE "extractedText" IS NULL AND "mimeType" IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
