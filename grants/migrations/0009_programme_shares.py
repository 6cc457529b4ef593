"""Programmes shared by several hosts: each programme gets a lead, a budget and years; each host a share;
each round belongs to a share. Existing programmes become single-host programmes (see the data step)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.db.models import Max, Min, Sum


def one_share_per_existing_programme(apps, schema_editor):
    """Each programme so far had exactly one host: it becomes the lead and gets one share, worth what its
    rounds were given, and the programme's budget and years are taken from its rounds."""
    Programme = apps.get_model("grants", "Programme")
    ProgrammeShare = apps.get_model("grants", "ProgrammeShare")
    Round = apps.get_model("grants", "Round")
    for programme in Programme.objects.all():
        rounds = Round.objects.filter(programme=programme)
        totals = rounds.aggregate(budget=Sum("budget"), first=Min("opens_at"), last=Max("closes_at"))
        budget = totals["budget"] or Decimal("0")
        starts = (totals["first"] or programme.created_at).date()
        ends = max((totals["last"] or programme.created_at).date(), starts)
        Programme.objects.filter(pk=programme.pk).update(budget=budget, starts_on=starts, ends_on=ends)
        share = ProgrammeShare.objects.create(programme=programme, host_id=programme.lead_id, amount=budget)
        share.areas.set(programme.areas.all())
        rounds.update(share=share)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('grants', '0008_application_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalProgrammeShare',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))])),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical programme share',
                'verbose_name_plural': 'historical programme shares',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ProgrammeShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))])),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['programme_id', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='historicalprogramme',
            name='budget',
            field=models.DecimalField(decimal_places=2, help_text="The whole programme's money, across all its years and hosts.", max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))]),
        ),
        migrations.AddField(
            model_name='historicalprogramme',
            name='ends_on',
            field=models.DateField(null=True),
        ),
        migrations.RenameField(
            model_name='historicalprogramme',
            old_name='host',
            new_name='lead',
        ),
        migrations.AlterField(
            model_name='historicalprogramme',
            name='lead',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Runs the programme as a whole; its staff see every host's share and the totals.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation', verbose_name='lead organisation'),
        ),
        migrations.AddField(
            model_name='historicalprogramme',
            name='starts_on',
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name='programme',
            name='budget',
            field=models.DecimalField(decimal_places=2, help_text="The whole programme's money, across all its years and hosts.", max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))]),
        ),
        migrations.AddField(
            model_name='programme',
            name='delivery_partners',
            field=models.ManyToManyField(blank=True, help_text="Organisations that support the programme's groups without funding them; they may read its groups and sessions.", related_name='partnered_programmes', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='programme',
            name='ends_on',
            field=models.DateField(null=True),
        ),
        migrations.RenameField(
            model_name='programme',
            old_name='host',
            new_name='lead',
        ),
        migrations.AlterField(
            model_name='programme',
            name='lead',
            field=models.ForeignKey(help_text="Runs the programme as a whole; its staff see every host's share and the totals.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='led_programmes', to='accounts.organisation', verbose_name='lead organisation'),
        ),
        migrations.AddField(
            model_name='programme',
            name='starts_on',
            field=models.DateField(null=True),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('starts_on__lte', models.F('ends_on'))), name='programme_starts_before_ends'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('budget__gte', 0)), name='programme_budget_not_negative'),
        ),
        migrations.AddField(
            model_name='historicalprogrammeshare',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalprogrammeshare',
            name='host',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The organisation that runs this share locally (a Healthwatch, a council, an ICB or a voluntary-sector infrastructure body).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='historicalprogrammeshare',
            name='programme',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='grants.programme'),
        ),
        migrations.AddField(
            model_name='programmeshare',
            name='areas',
            field=models.ManyToManyField(blank=True, related_name='programme_shares', to='accounts.area'),
        ),
        migrations.AddField(
            model_name='programmeshare',
            name='host',
            field=models.ForeignKey(help_text='The organisation that runs this share locally (a Healthwatch, a council, an ICB or a voluntary-sector infrastructure body).', on_delete=django.db.models.deletion.PROTECT, related_name='programme_shares', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='programmeshare',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shares', to='grants.programme'),
        ),
        migrations.AddField(
            model_name='historicalround',
            name='share',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="The host's share this round spends; always a share of ``programme``.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='grants.programmeshare'),
        ),
        migrations.AddField(
            model_name='round',
            name='share',
            field=models.ForeignKey(help_text="The host's share this round spends; always a share of ``programme``.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='grants.programmeshare'),
        ),
        migrations.AddConstraint(
            model_name='programmeshare',
            constraint=models.UniqueConstraint(fields=('programme', 'host'), name='one_share_per_host'),
        ),
        migrations.AddConstraint(
            model_name='programmeshare',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='share_amount_not_negative'),
        ),
        migrations.RunPython(one_share_per_existing_programme, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalprogramme',
            name='budget',
            field=models.DecimalField(decimal_places=2, help_text="The whole programme's money, across all its years and hosts.", max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))]),
        ),
        migrations.AlterField(
            model_name='historicalprogramme',
            name='ends_on',
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name='historicalprogramme',
            name='starts_on',
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name='programme',
            name='budget',
            field=models.DecimalField(decimal_places=2, help_text="The whole programme's money, across all its years and hosts.", max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))]),
        ),
        migrations.AlterField(
            model_name='programme',
            name='ends_on',
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name='programme',
            name='lead',
            field=models.ForeignKey(help_text="Runs the programme as a whole; its staff see every host's share and the totals.", on_delete=django.db.models.deletion.PROTECT, related_name='led_programmes', to='accounts.organisation', verbose_name='lead organisation'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='starts_on',
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name='round',
            name='share',
            field=models.ForeignKey(help_text="The host's share this round spends; always a share of ``programme``.", on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='grants.programmeshare'),
        ),
    ]
