-- CreateEnum
CREATE TYPE "SignUpPolicy" AS ENUM ('open', 'invite', 'closed');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "InstanceSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "signUpPolicy" "SignUpPolicy",
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstanceSettings_pkey" PRIMARY KEY ("id")
);


-- Hand-written: the instance has one settings row.
ALTER TABLE "InstanceSettings" ADD CONSTRAINT "InstanceSettings_one_row" CHECK ("id" = 1);
