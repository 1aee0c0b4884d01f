import type { Metadata } from "next";
import { PasswordForm } from "@/components/settings/password-form";
import { accountSettings } from "@/lib/accounts/settings";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  const settings = await accountSettings(await db(), user.id);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-xl space-y-8 px-4 py-6 md:px-8">
        <header>
          <h1 className="text-xl font-semibold">Settings</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Signed in as {settings.name} ({settings.email}).
          </p>
        </header>
        <PasswordForm hasPassword={settings.hasPassword} />
      </div>
    </div>
  );
}
