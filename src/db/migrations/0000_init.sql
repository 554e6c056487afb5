CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_email_unique` ON `agents` (`email`);--> statement-breakpoint
CREATE TABLE `customer_presence` (
	`ticket_id` integer NOT NULL,
	`client_id` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `client_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_presence_seen_idx` ON `customer_presence` (`seen_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`author_agent_id` integer,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_ticket_idx` ON `messages` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `presence` (
	`page` text NOT NULL,
	`agent_id` integer NOT NULL,
	`client_id` text NOT NULL,
	`ticket_id` integer,
	`state` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`page`, `agent_id`, `client_id`),
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `presence_seen_idx` ON `presence` (`seen_at`);--> statement-breakpoint
CREATE INDEX `presence_ticket_idx` ON `presence` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `server_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_active_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_agent_idx` ON `sessions` (`agent_id`);--> statement-breakpoint
CREATE TABLE `ticket_reads` (
	`agent_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`agent_id`, `ticket_id`),
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token` text NOT NULL,
	`customer_name` text NOT NULL,
	`customer_email` text NOT NULL,
	`subject` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`claimed_by` integer,
	`claimed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`waiting_since` integer NOT NULL,
	`last_message_at` integer NOT NULL,
	`customer_replied_at` integer,
	FOREIGN KEY (`claimed_by`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_token_unique` ON `tickets` (`token`);--> statement-breakpoint
CREATE INDEX `tickets_status_waiting_idx` ON `tickets` (`status`,`waiting_since`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_status_claim_waiting_idx` ON `tickets` (`status`,`claimed_by`,`waiting_since`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_mine_idx` ON `tickets` (`claimed_by`,`waiting_since`,`id`) WHERE "tickets"."status" != 'resolved';--> statement-breakpoint
CREATE INDEX `tickets_claimed_by_idx` ON `tickets` (`claimed_by`);