"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentType } from "react";
import { ChartIcon } from "@/components/dashboard/chart-icon";
import { AccountsIcon, AdminIcon, AuditIcon, InboxIcon, MailIcon } from "@/components/ui/icons";

interface NavItem {
  href: string;
  label: string;
  hint: string;
  Icon: ComponentType<{ className?: string }>;
}

// Sections; the layout passes the ones the signed-in role may open (each page checks again).
const items: NavItem[] = [
  { href: "/", label: "Dashboard", hint: "Backlog, SLA and volume", Icon: ChartIcon },
  { href: "/queue", label: "Queue", hint: "Review cases", Icon: InboxIcon },
  { href: "/inbound", label: "Inbound", hint: "Email intake and dead letters", Icon: MailIcon },
  { href: "/accounts", label: "Accounts", hint: "Customers and devices", Icon: AccountsIcon },
  { href: "/audit", label: "Audit", hint: "Trail and exports", Icon: AuditIcon },
  { href: "/admin", label: "Admin", hint: "Staff and settings", Icon: AdminIcon },
];

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Section navigation: a sidebar from md up, a horizontal bar below. The current section has aria-current="page". */
export function ConsoleNav({ sections }: { sections: readonly string[] }) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Console" className="border-b border-slate-200 bg-white md:w-60 md:shrink-0 md:border-r md:border-b-0">
      <ul className="flex gap-1 overflow-x-auto px-3 py-2 md:flex-col md:px-3 md:py-4">
        {items.filter((i) => sections.includes(i.href)).map(({ href, label, hint, Icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`group flex items-center gap-2 rounded-md px-2.5 py-2 text-sm md:gap-3 md:px-3 font-medium whitespace-nowrap transition-colors ${
                  active ? "bg-brand-50 text-brand-800 ring-1 ring-brand-200 ring-inset" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                <Icon className={`size-5 shrink-0 ${active ? "text-brand-700" : "text-slate-400 group-hover:text-slate-600"}`} />
                <span className="flex flex-col">
                  <span>{label}</span>
                  <span className="hidden text-xs font-normal text-slate-500 md:block">{hint}</span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
