from django.db import migrations, models

FORMATS = [
    ("edudex", "EDU-DEX (file, folder or URL of programs)"),
    ("ooapi", "OOAPI v5 (file, folder or URL of a document)"),
    ("ooapi-endpoint", "OOAPI v5 endpoint (base URL; every page is read)"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0010_search_synonyms"),
    ]

    operations = [
        migrations.AlterField(
            model_name="coursefeed",
            name="format",
            field=models.CharField(choices=FORMATS, max_length=20, verbose_name="format"),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="format",
            field=models.CharField(choices=FORMATS, max_length=20, verbose_name="format"),
        ),
    ]
