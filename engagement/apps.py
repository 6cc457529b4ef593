from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """Tell the core what engagement adds (navigation, dashboard panels, job renderers, demo data). Every
        registry is keyed, so calling this twice adds nothing."""
        from engagement import bulk_tagging, demo, exports, navigation, tallies, tasks
        from engagement.imports import jobs as import_jobs
        from engagement.selectors.sessions import report_totals
        from grants.report_prefill import register_report_prefill
        from grassroots.demo import add_seeder

        navigation.register()
        tallies.register()  # the hourly compaction of the feedback tally
        tasks.register()
        exports.register()
        bulk_tagging.register()  # the confirmed bulk tagging, run in the background
        import_jobs.register()
        register_report_prefill(report_totals)  # the end-of-grant report starts from the sessions logged
        add_seeder(self.label, demo.seed)
